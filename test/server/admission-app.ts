import type { FastifyInstance } from 'fastify';
import type { Installation } from '../../src/app/installation.js';
import type { AdmissionConfig } from '../../src/config/admission-settings.js';
import { buildApp } from '../../src/server/app.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import type { TestEngine } from '../support/engines.js';
import { TEST_TOKEN } from '../support/http-app.js';
import { testInstallation } from '../support/installation.js';
import { cyclonedx, makeWorkspace } from '../support/workspace.js';

/** dev gates are all advisory (tags warn); prod enforces (tags and failures deny). */
export const ADMISSION_GATES = `version: 1
environments: { dev: dev, prod: prod }
profiles:
  dev: { sbom: advisory, vulnerabilities: { mode: advisory, block: [CRITICAL, HIGH], unknown_severity: HIGH } }
  prod: { sbom: enforce, vulnerabilities: { mode: enforce, block: [CRITICAL, HIGH], unknown_severity: HIGH } }
`;

/** SBOM and a clean scan: allowed in dev and prod. */
export const ALLOWED = `sha256:${'a'.repeat(64)}`;
/** SBOM, no scan: vulnerability state unknown, an advisory failure in dev, a deny in prod. */
export const PARTIAL = `sha256:${'b'.repeat(64)}`;
/** Never ingested: denied everywhere (ARTIFACT_UNKNOWN). */
export const UNKNOWN = `sha256:${'c'.repeat(64)}`;
export const ADMISSION_TOKEN = 'admission-token-0123456789abcdef';

const sbom = cyclonedx([{ name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0' }]);
const cleanScan = {
  results: [{ packages: [{ package: { name: 'left-pad', version: '1.3.0', ecosystem: 'npm' }, vulnerabilities: [] }] }],
};

export interface AdmissionApp {
  app: FastifyInstance;
  installation: Installation;
  /** Moves the installation's clock (events, decisions, the repeat window of admission events). */
  setNow(at: Date): void;
  close(): Promise<void>;
}

/** mc serve's app over a fresh database with ALLOWED and PARTIAL ingested; MC_API_TOKENS = TEST_TOKEN. */
export async function startAdmissionApp(
  engine: TestEngine,
  admission: Partial<AdmissionConfig> = {},
): Promise<AdmissionApp> {
  let at = new Date('2026-11-22T10:00:00Z');
  const now = () => at;
  const store = await ReleaseStore.open((await engine.create()).engine, now);
  const config = { admission: { namespaceEnvs: {}, tokens: [], ...admission } };
  const installation = testInstallation(makeWorkspace(ADMISSION_GATES), store, now, {}, { config });
  await installation.gate.ingest(ALLOWED, [
    { kind: 'sbom', bytes: sbom },
    { kind: 'scan', bytes: new TextEncoder().encode(JSON.stringify(cleanScan)) },
  ]);
  await installation.gate.ingest(PARTIAL, [{ kind: 'sbom', bytes: sbom }]);
  const { app } = buildApp({
    services: installation,
    apiTokens: [TEST_TOKEN],
    admissionTokens: [ADMISSION_TOKEN],
    bodyLimitBytes: 1 << 20,
  });
  return {
    app,
    installation,
    setNow(d) {
      at = d;
    },
    async close() {
      await app.close();
      await store.close();
    },
  };
}

/** POSTs a review the way the API server does (JSON, bearer token of its admission kubeconfig). */
export function postReview(app: FastifyInstance, review: unknown, query = '?env=prod', token = ADMISSION_TOKEN) {
  return app.inject({
    method: 'POST',
    url: `/v1/admission/validate${query}`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: typeof review === 'string' ? review : JSON.stringify(review),
  });
}
