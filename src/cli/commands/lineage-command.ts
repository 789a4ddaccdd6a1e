import type { Command } from 'commander';
import type { LineageEntry, LineageReport } from '../../app/revocation-service.js';
import type { Revocation } from '../../domain/revocation.js';
import { openContext } from '../cli-context.js';
import { printJson } from '../cli-output.js';

/** `mc lineage D`: ancestors and descendants, and whether (and why) each is promotable. */
export function registerLineage(program: Command): void {
  program
    .command('lineage')
    .description('ancestors and descendants of a digest, with the promotable state and cause of each')
    .argument('<digest>', 'sha256:<64 hex>')
    .option('--json', 'print as JSON')
    .action(async (digest: string, opts: { json?: boolean }) => {
      const ctx = await openContext();
      try {
        const report = await ctx.revocations.lineage(digest);
        if (opts.json) return printJson(report);
        for (const line of lineageLines(report)) console.log(line);
      } finally {
        await ctx.close();
      }
    });
}

export function lineageLines(r: LineageReport): string[] {
  const self: LineageEntry = {
    digest: r.digest,
    name: r.name,
    depth: 0,
    revocations: r.revocations,
    promotable: r.promotable,
  };
  const section = (title: string, nodes: readonly LineageEntry[]) =>
    nodes.length === 0 ? [`${title}: none`] : [`${title}:`, ...nodes.flatMap((n) => nodeLines(n, '  '))];
  return [
    ...nodeLines(self, ''),
    ...section('ancestors (nearest first)', r.ancestors),
    ...section('descendants (nearest first)', r.descendants),
  ];
}

function nodeLines(n: LineageEntry, indent: string): string[] {
  const depth = n.depth > 0 ? `[${n.depth}] ` : '';
  const head = `${indent}${depth}${n.digest}${n.name ? ` ${n.name}` : ''}: ${n.promotable ? 'promotable' : 'NOT promotable'}`;
  return [head, ...n.revocations.map((r) => `${indent}    ${cause(r)}`)];
}

function cause(r: Revocation): string {
  const where = r.env ? `in ${r.env}` : 'in every environment';
  const why = `${r.rootCause ?? r.cause}${r.advisory ? ` ${r.advisory}` : ''}`;
  return r.inheritedFrom
    ? `revoked ${where} through ${r.inheritedFrom} (${why}): ${r.reason}; chain ${r.chain.join(' → ')}`
    : `revoked ${where} (${why}) by ${r.source} at ${r.createdAt}: ${r.reason}`;
}
