import type { Decision } from '../domain/decision.js';
import type { Finding } from '../domain/evidence.js';
import type { Checkpoint } from '../ledger/checkpoint.js';
import { encodeBase64 } from '../formats/base64.js';

/** What disclosure-pack.md summarises; every field comes from files in the same pack. */
export interface DisclosureFacts {
  digest: string;
  name: string | null;
  parents: readonly string[];
  env: string;
  decision: Decision;
  evidence: ReadonlyArray<{ path: string; kind: string; format: string; sha256: string; summary: string | null }>;
  findings: readonly Finding[];
  revocations: ReadonlyArray<{ reason: string; source: string; createdAt: string; inheritedFrom?: string }>;
  checkpoint: Checkpoint;
  ledgerEntries: number;
  generatedAt: string;
}

/** Markdown table cells: no pipes or newlines from attacker-influenced text. */
const cell = (s: unknown): string =>
  String(s ?? '')
    .replace(/[|\r\n]+/g, ' ')
    .slice(0, 300);
const MARK: Record<string, string> = {
  pass: 'pass',
  fail: '**FAIL**',
  'advisory-fail': 'warn',
  waived: 'waived',
  bypassed: '**bypassed**',
  skipped: 'skipped',
};
const SEVERITY_ORDER = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'NONE', 'UNKNOWN'];

/** The readable summary of an evidence pack (the pack's `disclosure-pack.md`). Pure: facts in, text out. */
export function renderDisclosure(f: DisclosureFacts): string {
  const d = f.decision;
  const out: string[] = [];
  out.push(`# Disclosure pack: ${cell(f.name ?? f.digest)}`, '');
  out.push(
    `Generated ${f.generatedAt} by mc. Verify it offline: \`mc evidence verify-offline <pack.tgz> --vkey "<vkey>"\`.`,
    '',
  );
  out.push('## What was released', '');
  out.push(`- Artifact: \`${f.digest}\`${f.name ? ` (${cell(f.name)})` : ''}`);
  if (f.parents.length) out.push(`- Built from: ${f.parents.map((p) => `\`${p}\``).join(', ')}`);
  out.push(`- Environment: **${cell(f.env)}** (profile ${cell(d.profile)})`);
  out.push(`- Decision: **${d.allow ? 'ALLOW' : 'DENY'}** at ${d.evaluatedAt}`);
  out.push(`- Policy version: \`${cell(d.policyHash)}\``, '');
  out.push('## What was checked', '', '| Gate | Mode | Result | Reasons |', '|---|---|---|---|');
  for (const g of d.gates)
    out.push(
      `| ${g.gate} | ${g.mode} | ${MARK[g.result] ?? g.result} | ${cell(g.reasons.map((r) => `${r.code}: ${r.message}`).join('; '))} |`,
    );
  out.push('', '## What was waived or bypassed', '');
  const waived = d.gates.flatMap((g) =>
    g.reasons.filter((r) => /WAIVED|BYPASS/.test(r.code)).map((r) => ({ gate: g.gate, r })),
  );
  if (waived.length === 0) out.push('Nothing was waived or bypassed.');
  else {
    out.push('| Gate | What | Waiver | Until | Detail |', '|---|---|---|---|---|');
    for (const { gate, r } of waived) {
      const det = r.details ?? {};
      out.push(
        `| ${gate} | ${cell(det.advisory ?? r.code)} | ${cell(det.waiver ?? det.bypass ?? '')} | ${cell(det.expires ?? '')} | ${cell(r.message)} |`,
      );
    }
  }
  out.push('', '## Vulnerabilities', '');
  if (f.findings.length === 0) out.push('No findings in the evidence.');
  else {
    out.push('| Severity | Advisory | Package | Version | Source |', '|---|---|---|---|---|');
    const sorted = [...f.findings].sort(
      (a, b) => SEVERITY_ORDER.indexOf(a.severity ?? 'UNKNOWN') - SEVERITY_ORDER.indexOf(b.severity ?? 'UNKNOWN'),
    );
    for (const x of sorted.slice(0, 500))
      out.push(
        `| ${cell(x.severity ?? 'UNKNOWN')} | ${cell(x.advisoryId)} | ${cell(x.package.name)} | ${cell(x.version ?? '')} | ${cell(x.source)} |`,
      );
    if (sorted.length > 500) out.push('', `… and ${sorted.length - 500} more in vulnerabilities.json.`);
  }
  out.push('', '## Evidence', '', '| Kind | Format | sha256 | File |', '|---|---|---|---|');
  for (const e of f.evidence) out.push(`| ${e.kind} | ${cell(e.format)} | \`${e.sha256}\` | ${cell(e.path)} |`);
  if (f.revocations.length) {
    out.push('', '## Revocations', '');
    for (const r of f.revocations)
      out.push(
        `- ${r.createdAt}: ${cell(r.source)} — ${cell(r.reason)}${r.inheritedFrom ? ` (inherited from \`${r.inheritedFrom}\`)` : ''}`,
      );
  }
  out.push('', '## Ledger', '');
  out.push(
    `${f.ledgerEntries} ledger entries about this artifact, each with an RFC 6962 inclusion proof against the signed checkpoint`,
  );
  out.push(
    `of \`${cell(f.checkpoint.origin)}\` at tree size ${f.checkpoint.size}, root \`${encodeBase64(f.checkpoint.rootHash)}\` (ledger/).`,
    '',
  );
  return out.join('\n');
}
