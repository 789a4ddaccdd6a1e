import { Option, type Command } from 'commander';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, relative } from 'node:path';
import { createNoteKeyFile } from '../../app/note-key-file.js';
import { cliConfig } from '../cli-context.js';
import { GATES_PROFILES, type GatesProfileName } from '../../policy/gates-profiles.js';
import { DEFAULT_WAIVERS_YAML } from '../../policy/waivers.js';
import { openStore } from '../../store/open-store.js';
import { printJson } from '../cli-output.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('scaffold policy/data/gates.yaml, policy/waivers.yaml and the .mc/ store in the working directory')
    .addOption(
      new Option('--profile <name>', 'which gates.yaml to write (see below)')
        .choices(Object.keys(GATES_PROFILES))
        .default('default'),
    )
    .option('--force', 'overwrite existing policy files')
    .option(
      '--origin <name>',
      'ledger origin naming this installation (checkpoint origin line and key name; no spaces or +)',
    )
    .option('--json', 'print what was created as JSON')
    .addHelpText(
      'after',
      `
Profiles (--profile) for policy/data/gates.yaml; environments dev -> dev, staging and prod -> prod:
  default  the full gates (the default). prod enforces sbom, signatures, provenance, vulnerabilities
           (CRITICAL, HIGH), slo_burn_rate and promotable: an ALLOW in prod needs signed provenance
           pinned in SECURITY/trust-policy.yaml and Prometheus (MC_PROMETHEUS_URL).
  starter  what a first release can pass by hand: prod enforces sbom, vulnerabilities and
           promotable; signatures and provenance are advisory (reported, never deny);
           slo_burn_rate is off. The file's opening comment says how to turn each one on.
Examples:
  mc init --profile starter
  mc init --profile default --force     # the full profile; --force also replaces policy/waivers.yaml
`,
    )
    .action(async (opts: { force?: boolean; json?: boolean; origin?: string; profile: GatesProfileName }) => {
      const config = cliConfig();
      const created: string[] = [];
      const kept: string[] = [];
      for (const [file, text] of [
        [config.gatesFile, GATES_PROFILES[opts.profile]],
        [config.waiversFile, DEFAULT_WAIVERS_YAML],
      ] as const) {
        if (existsSync(file) && !opts.force) {
          kept.push(file);
          continue;
        }
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, text);
        created.push(file);
      }
      mkdirSync(config.home, { recursive: true, mode: 0o700 });
      const store = await openStore(config);
      const ready = await store.readiness();
      await store.close();
      // The ledger's Ed25519 note key (mode 0600); an existing key is kept, never replaced.
      const origin = opts.origin ?? `${hostname()}/mc/${basename(config.workDir)}`.replace(/[^A-Za-z0-9._/-]/g, '-');
      const key = createNoteKeyFile(config.ledgerKeyFile, origin);
      (key.created ? created : kept).push(config.ledgerKeyFile);
      const rel = (f: string) => relative(process.cwd(), f) || f;
      if (opts.json)
        return printJson({
          profile: opts.profile,
          created: created.map(rel),
          kept: kept.map(rel),
          store: { engine: ready.engine, schemaVersion: ready.schemaVersion },
          ledger: { vkey: key.vkey },
        });
      for (const f of created)
        console.log(`created ${rel(f)}${f === config.gatesFile ? ` (profile ${opts.profile})` : ''}`);
      for (const f of kept) console.log(`kept    ${rel(f)} (exists; --force overwrites)`);
      console.log(
        `store   ${ready.engine} ${config.databaseUrl ? '(MC_DATABASE_URL)' : rel(config.home) + '/mc.db'}, schema v${ready.schemaVersion}`,
      );
      console.log(`ledger  vkey ${key.vkey} (publish it: verifiers need it; mc ledger key prints it)`);
      console.log(
        'next:   mc ingest sha256:<digest> --sbom sbom.cdx.json --scan osv.json && mc verify sha256:<digest> --env prod',
      );
      console.log('        (not an OCI image? mc digest FILE prints the sha256:<hex> to use)');
    });
}
