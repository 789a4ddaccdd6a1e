import type { Command } from 'commander';
import { parseDigest } from '../../domain/digest.js';
import type { Component, Provenance } from '../../domain/evidence.js';
import type { VulnerabilityView } from '../../app/gate-service.js';
import { packageLabel } from '../../policy/package-label.js';
import { StoreError } from '../../store/store-error.js';
import { openContext } from '../cli-context.js';
import { printJson } from '../cli-output.js';

export function registerShow(program: Command): void {
  program
    .command('show')
    .description('show an artifact: evidence, components, provenance, findings, lineage, revocations, last decisions')
    .argument('<digest>', 'artifact digest, sha256:<64 hex>')
    .option('--json', 'print as JSON')
    .action(async (digestText: string, opts: { json?: boolean }) => {
      const digest = parseDigest(digestText);
      const ctx = await openContext();
      try {
        const view = await ctx.store.getArtifact(digest);
        if (!view) throw new StoreError('NOT_FOUND', `no artifact ${digest}; ingest evidence for it first`);
        const evidence = await ctx.store.listEvidence(digest);
        const components: Component[] = evidence.flatMap((e) => (e.kind === 'sbom' ? e.normalized.components : []));
        const provenance: Provenance[] = evidence.flatMap((e) =>
          e.kind === 'provenance' ? e.normalized.statements : [],
        );
        // The findings the vulnerabilities gate sees (scan reports and synced advisories, VEX applied),
        // and whether the state is known at all: "0 findings" must never stand for "not looked".
        const vulnerabilities = await ctx.gate.vulnerabilityView(digest, { artifact: view, evidence });
        const findings = vulnerabilities.findings;
        const decisions = await ctx.store.listDecisions({ digest, limit: 10 });
        const out = {
          ...view,
          components,
          provenance,
          findings,
          vulnerabilities: {
            state: vulnerabilities.state,
            sources: vulnerabilities.sources,
            uncoveredEcosystems: vulnerabilities.uncoveredEcosystems,
            unidentifiedComponents: vulnerabilities.unidentifiedComponents.length,
          },
          decisions: decisions.map((d) => ({
            env: d.env,
            allow: d.allow,
            evaluatedAt: d.evaluatedAt,
            policyHash: d.policyHash,
          })),
        };
        if (opts.json) return printJson(out);
        console.log(`${digest}${view.name ? `  ${view.name}` : ''}`);
        if (view.parents.length) console.log(`parents: ${view.parents.join(', ')}`);
        console.log(`evidence (${view.evidence.length}):`);
        for (const e of view.evidence)
          console.log(`  ${e.kind.padEnd(11)} ${e.format.padEnd(16)} ${e.sha256}  ${e.summary ?? ''}`);
        console.log(`components: ${components.length}`);
        for (const c of components.slice(0, 20)) console.log(`  ${packageLabel(c, c.version)}`);
        if (components.length > 20) console.log(`  … ${components.length - 20} more (--json lists all)`);
        for (const p of provenance)
          console.log(
            `provenance: builder ${p.builderId ?? '?'}, source ${p.sourceRepository ?? '?'}@${p.sourceCommit ?? '?'}`,
          );
        console.log(`vulnerabilities: ${vulnerabilityLine(vulnerabilities)}`);
        for (const u of vulnerabilities.uncoveredEcosystems)
          console.log(
            `  unknown: ${u.components} ${u.ecosystem} component(s), no synced advisories cover ${u.ecosystem} (e.g. ${u.examples.join(', ')})`,
          );
        if (vulnerabilities.state !== 'unknown')
          console.log(
            `findings: ${findings.length}${findings.some((f) => f.suppressedBy) ? ` (${findings.filter((f) => f.suppressedBy).length} suppressed by VEX)` : ''}`,
          );
        for (const f of findings.slice(0, 20))
          console.log(
            `  ${(f.severity ?? 'UNKNOWN').padEnd(8)} ${f.advisoryId} ${packageLabel(f.package, f.version)} (${f.source})`,
          );
        for (const r of view.revocations)
          console.log(
            `REVOKED ${r.env ? `in ${r.env}` : 'in every environment'}${r.inheritedFrom ? ` via ${r.chain.join(' → ')}` : ''}: ${r.reason} (${r.rootCause ?? r.cause}${r.advisory ? ` ${r.advisory}` : ''}, ${r.source}, ${r.createdAt})`,
          );
        for (const d of decisions) console.log(`decision: ${d.allow ? 'allow' : 'deny '} ${d.env} at ${d.evaluatedAt}`);
      } finally {
        await ctx.close();
      }
    });
}

function vulnerabilityLine(v: VulnerabilityView): string {
  if (v.state === 'unknown')
    return 'state unknown: no scan report and no synced advisories to match (ingest a scan or run mc advisories sync)';
  const from = `from ${v.sources.join(', ')}`;
  if (v.state === 'partial')
    return `state partly unknown (${v.uncoveredEcosystems.reduce((n, u) => n + u.components, 0)} component(s) in ecosystems no sync covered); ${from}`;
  return `known, ${from}`;
}
