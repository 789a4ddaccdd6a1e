import type { Command } from 'commander';
import { digestFile } from '../../app/file-digest.js';
import { printJson } from '../cli-output.js';

/** `mc digest FILE`: the sha256:<hex> to ingest and verify a build output that is not an OCI image under. */
export function registerDigest(program: Command): void {
  program
    .command('digest')
    .description(
      'print the sha256 digest of a file (a build output that is not an OCI image), as mc ingest and mc verify take it',
    )
    .argument('<file>', 'the artifact file; read as a stream, any size')
    .option('--json', 'print {"digest","file","size"}')
    .addHelpText(
      'after',
      '\nExample:\n  D=$(mc digest dist/app.tar.gz) && mc ingest "$D" --name acme/app.tar.gz --sbom sbom.cdx.json && mc verify "$D" --env prod\n',
    )
    .action(async (file: string, opts: { json?: boolean }) => {
      const result = await digestFile(file);
      if (opts.json) return printJson(result);
      console.log(result.digest);
    });
}
