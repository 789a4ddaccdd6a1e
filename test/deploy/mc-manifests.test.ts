import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProgram } from '../../src/cli/main.js';
import { repoRoot } from '../support/shared-data.js';
import { DEPLOY_DIR, deployDocuments, findOne, type Loose } from './deploy-manifests.js';
import { keyRefs, podSpecs } from './pod-specs.js';

const docs = deployDocuments();
const deployment: Loose = findOne(docs, 'Deployment', 'mc').doc;
const pod: Loose = deployment.spec.template.spec;
const mc: Loose = pod.containers.find((c: Loose) => c.name === 'mc');
const readme = readFileSync(join(DEPLOY_DIR, 'README.md'), 'utf8');

/** Every .ts file under src/, as text: to check that a setting the manifests give is one mc reads. */
function sourceText(dir = join(repoRoot, 'src')): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((e) =>
      e.isDirectory()
        ? sourceText(join(dir, e.name))
        : e.name.endsWith('.ts')
          ? readFileSync(join(dir, e.name), 'utf8')
          : '',
    )
    .join('\n');
}

describe('deploy/mc: mc serve’s own Deployment', () => {
  test('probes: liveness and startup on /healthz, readiness on /readyz, over HTTPS on the serving port', () => {
    const port = mc.ports.find((p: Loose) => p.containerPort === 8443);
    for (const [probe, path] of [
      ['livenessProbe', '/healthz'],
      ['startupProbe', '/healthz'],
      ['readinessProbe', '/readyz'],
    ] as const) {
      assert.equal(mc[probe]?.httpGet?.path, path, probe);
      assert.equal(mc[probe].httpGet.scheme, 'HTTPS', probe);
      assert.equal(mc[probe].httpGet.port, port.name, probe);
    }
    assert.ok(
      mc.args.includes('--port=8443') && mc.args.includes('--host=0.0.0.0'),
      'listens where the probes and the Service look',
    );
  });

  test('resource requests, and a memory limit', () => {
    assert.ok(mc.resources.requests.cpu && mc.resources.requests.memory);
    assert.ok(mc.resources.limits.memory);
  });

  test('non-root, no privilege escalation, no capabilities, read-only root, no service account token', () => {
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.ok(pod.securityContext.runAsUser > 0);
    assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault');
    assert.equal(mc.securityContext.allowPrivilegeEscalation, false);
    assert.equal(mc.securityContext.readOnlyRootFilesystem, true);
    assert.deepEqual(mc.securityContext.capabilities.drop, ['ALL']);
    assert.equal(pod.automountServiceAccountToken, false, 'mc calls no Kubernetes API');
    const writable = mc.volumeMounts.filter((m: Loose) => !m.readOnly).map((m: Loose) => m.mountPath);
    const home = mc.env.find((e: Loose) => e.name === 'MC_HOME').value;
    assert.ok(writable.includes(home), 'MC_HOME is on a writable volume');
  });

  test('the Service and the PodDisruptionBudget select the Deployment’s pods; the Service targets a named port', () => {
    const labels = deployment.spec.template.metadata.labels;
    const service: Loose = findOne(docs, 'Service', 'mc').doc;
    const pdb: Loose = findOne(docs, 'PodDisruptionBudget', 'mc').doc;
    for (const [k, v] of Object.entries(service.spec.selector)) assert.equal(labels[k], v);
    for (const [k, v] of Object.entries(pdb.spec.selector.matchLabels)) assert.equal(labels[k], v);
    for (const p of service.spec.ports)
      assert.ok(
        mc.ports.some((c: Loose) => c.name === p.targetPort),
        p.targetPort,
      );
    assert.ok(deployment.spec.replicas >= 2 && pdb.spec.minAvailable >= 1);
  });

  test('every mc flag and command the manifests use exists in mc', () => {
    const program = buildProgram();
    const longs = (command: string) => program.commands.find((c) => c.name() === command)!.options.map((o) => o.long);
    for (const arg of mc.args.slice(1)) assert.ok(longs('serve').includes(arg.split('=')[0]), `mc serve ${arg}`);
    assert.deepEqual(mc.command, ['mc']);
    assert.equal(mc.args[0], 'serve');
    const job = podSpecs(docs).find((p) => p.where.includes('mc-verify-job'))!.spec.containers[0];
    assert.equal(job.command[1], 'verify');
    assert.ok(longs('verify').includes(job.command[3]), job.command.join(' '));
  });

  test('every MC_ setting the manifests give mc is one mc reads', () => {
    const src = sourceText();
    for (const p of podSpecs(docs))
      for (const c of p.spec.containers.filter((c: Loose) => c.command?.[0] === 'mc'))
        for (const e of c.env ?? [])
          if (e.name.startsWith('MC_'))
            assert.ok(src.includes(`'${e.name}'`) || src.includes(`.${e.name}`), `${p.where}: ${e.name}`);
  });
});

describe('deploy/: what the manifests refer to exists', () => {
  test('every URL the integrations call is HTTPS to a name mc’s certificate holds, on the Service’s port', () => {
    const cert: Loose = findOne(docs, 'Certificate', 'mc-serving').doc;
    const service: Loose = findOne(docs, 'Service', 'mc').doc;
    const urls: Array<[string, string]> = [];
    for (const d of docs) {
      const doc: Loose = d.doc;
      if (doc.kind === 'AnalysisTemplate')
        for (const m of doc.spec.metrics) if (m.provider.web) urls.push([d.file, m.provider.web.url]);
      if (doc.kind === 'Canary') for (const w of doc.spec.analysis.webhooks) urls.push([d.file, w.url]);
    }
    for (const p of podSpecs(docs))
      for (const c of p.spec.containers)
        for (const arg of c.command ?? []) if (/^https?:\/\//.test(arg)) urls.push([p.where, arg]);
    assert.ok(urls.length >= 10, 'web metric, PreSync Job and eight Flagger webhooks');
    for (const [from, text] of urls) {
      const url = new URL(text.replace(/\{\{[^}]*\}\}|\$\([A-Z_]+\)/g, 'x'));
      assert.equal(url.protocol, 'https:', `${from}: ${text}`);
      assert.ok(
        cert.spec.dnsNames.includes(url.hostname),
        `${from}: ${url.hostname} is not in the serving certificate`,
      );
      assert.ok(
        service.spec.ports.some((p: Loose) => p.port === Number(url.port || 443)),
        `${from}: port`,
      );
    }
  });

  test('every image is pinned by digest (mc’s admission webhook refuses tags where it enforces)', () => {
    for (const p of podSpecs(docs))
      for (const c of [...p.spec.containers, ...(p.spec.initContainers ?? [])])
        assert.match(c.image, /^[^@\s]+@sha256:[0-9a-f]{64}$/, `${p.where}: ${c.image}`);
  });

  test('every Secret and ConfigMap key is shipped, made by cert-manager, or created by a command in deploy/README.md', () => {
    const shipped = new Map<string, Set<string>>();
    for (const d of docs) {
      const doc: Loose = d.doc;
      if (doc.kind === 'Secret' || doc.kind === 'ConfigMap')
        shipped.set(`${doc.kind}/${doc.metadata.name}`, new Set(Object.keys({ ...doc.data, ...doc.stringData })));
      if (doc.kind === 'Certificate')
        shipped.set(`Secret/${doc.spec.secretName}`, new Set(['tls.crt', 'tls.key', 'ca.crt']));
    }
    for (const r of keyRefs(docs)) {
      const keys = shipped.get(`${r.kind}/${r.name}`);
      if (keys) {
        assert.ok(r.key === '*' || keys.has(r.key), `${r.from}: ${r.kind} ${r.name} has no key ${r.key}`);
        continue;
      }
      const create = r.kind === 'Secret' ? `create secret generic ${r.name} ` : `create configmap ${r.name} `;
      const command = readme.split(/\n(?! )/).find((block) => block.includes(create));
      assert.ok(command, `${r.from}: ${r.kind} ${r.name} is neither shipped nor created in deploy/README.md`);
      if (r.key !== '*')
        assert.match(
          command,
          new RegExp(`--from-(literal|file)=${r.key.replace('.', '\\.')}=`),
          `${r.from}: key ${r.key} of ${r.name}`,
        );
    }
  });
});
