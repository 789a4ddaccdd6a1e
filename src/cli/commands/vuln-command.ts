import type { Command } from 'commander';
import { matchAgainstMirror } from '../../app/mirror-match.js';
import { parseJson } from '../../evidence/evidence-input.js';
import { parseSbom } from '../../evidence/sbom/parse-sbom.js';
import { parseVex } from '../../vuln/vex-parser.js';
import { cliClock } from '../cli-context.js';
import { EXIT, ExitRequest, printJson } from '../cli-output.js';
import { readEvidenceFile } from './ingest-command.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** `mc vuln match`: no store, no network; exit 0 no open finding, 1 findings, 2 bad input. */
export function registerVuln(program: Command): void {
  const vuln = program.command('vuln').description('match SBOMs against OSV advisories without a store');
  vuln
    .command('match')
    .description(
      'match an SBOM against an OSV mirror (directories and/or all.zip), VEX applied (exit 0 no finding, 1 findings or components of an ecosystem the mirror does not cover, 2 bad input)',
    )
    .requiredOption('--sbom <file>', 'CycloneDX or SPDX JSON SBOM')
    .requiredOption('--advisories <path>', 'directory of OSV JSON or an all.zip; repeatable', collect)
    .option('--vex <file>', 'OpenVEX or CycloneDX VEX document; repeatable', collect)
    .option('--json', 'print findings as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  mc vuln match --sbom sbom.cdx.json --advisories ./osv-mirror/ --vex vex.json --json\n',
    )
    .action(async (opts: { sbom: string; advisories: string[]; vex?: string[]; json?: boolean }) => {
      const sbom = parseSbom(readEvidenceFile(opts.sbom));
      const vex = (opts.vex ?? []).map((f) => parseVex(parseJson(readEvidenceFile(f)), f));
      const result = await matchAgainstMirror(sbom, vex, opts.advisories, cliClock());
      for (const r of result.skippedRecords.slice(0, 50))
        process.stderr.write(`advisories: skipped ${r.path}: ${r.code} ${r.message}\n`);
      const { skippedRecords: _skipped, ...report } = result;
      const uncovered = result.uncoveredEcosystems;
      if (opts.json) printJson(report);
      else {
        console.log(
          `${result.components} component(s) against ${result.advisories.records} advisories: ${result.open} open finding(s), ${result.suppressed} suppressed by VEX, ${result.notEvaluable.length} not evaluable`,
        );
        for (const f of result.findings) {
          const state = f.suppressedBy
            ? `SUPPRESSED (${f.suppressedBy.status}${f.suppressedBy.justification ? `: ${f.suppressedBy.justification}` : ''}; ${f.suppressedBy.statement})`
            : f.notEvaluable
              ? `NOT EVALUABLE (${f.notEvaluable}; counted as affected)`
              : 'AFFECTED';
          console.log(
            `  ${(f.severity ?? 'UNKNOWN').padEnd(8)} ${f.advisoryId}${f.aliases.length ? ` (${f.aliases.join(', ')})` : ''} ${f.package.purl ?? f.package.name}  ${state}`,
          );
        }
        for (const n of result.notEvaluable.filter((x) => x.finding === undefined))
          console.log(`  not evaluable: ${n.component.purl ?? n.component.name}: ${n.reason} ${n.detail}`);
        for (const u of uncovered)
          console.log(
            `  unknown: ${u.components} ${u.ecosystem} component(s): the advisories hold no ${u.ecosystem} record (e.g. ${u.examples.join(', ')})`,
          );
      }
      throw new ExitRequest(result.open > 0 || uncovered.length > 0 ? EXIT.deny : EXIT.ok);
    });
}
