import type { Command } from 'commander';
import { serveJobs } from '../../app/background-jobs.js';
import { startCheckpointSchedule } from '../../app/checkpoint-schedule.js';
import { openInstallation } from '../../app/installation.js';
import { buildApp } from '../../server/app.js';
import { checkIdentitySettings } from '../../app/identity/compose-access.js';
import { serveTls, startTlsReloader } from '../../server/tls.js';
import { InputError } from '../../domain/errors.js';
import { cliConfig } from '../cli-context.js';

/** Why the server cannot listen, said as what to do: the address is the user's input (--host, --port). */
function listenError(e: unknown, host: string, port: number): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  const at = `${host}:${port}`;
  if (code === 'EADDRINUSE')
    return new InputError(
      'ADDRESS_IN_USE',
      `${at} is already in use by another process: stop it, or pick another port with --port`,
      { kind: 'invalid', path: '--port', cause: e },
    );
  if (code === 'EACCES')
    return new InputError(
      'ADDRESS_FORBIDDEN',
      `no permission to listen on ${at} (ports below 1024 need privileges): pick another port with --port`,
      { kind: 'invalid', path: '--port', cause: e },
    );
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new InputError(
      'ADDRESS_UNAVAILABLE',
      `cannot listen on ${at}: ${host} is not an address of this machine; pick another with --host`,
      { kind: 'invalid', path: '--host', cause: e },
    );
  return e;
}

interface ServeFlags {
  host: string;
  port: string;
  log?: boolean;
  checkpointInterval: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsReloadInterval: string;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP API: /v1/verify, /v1/verify/metric, evidence, decisions, /healthz, /readyz, /metrics')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', '8080')
    .option('--log', 'log every request as JSON lines')
    .option('--tls-cert <file>', 'serve HTTPS only, with this PEM certificate chain (re-read when it changes)')
    .option('--tls-key <file>', 'the PEM private key of --tls-cert (re-read when it changes)')
    .option(
      '--tls-reload-interval <seconds>',
      'how often the TLS files are checked for a change (0: on SIGHUP only)',
      '10',
    )
    .option(
      '--checkpoint-interval <seconds>',
      'sign a ledger checkpoint this often when the tree grew (0: never)',
      '60',
    )
    .addHelpText(
      'after',
      `
API tokens: reads (GET) answer without a token; mutating endpoints (POST, DELETE: evidence,
  waivers, attestations) need "Authorization: Bearer <token>" and refuse every request until a
  token is configured. The value is yours to choose: any secret of at least 16 characters.
    export MC_API_TOKENS=$(openssl rand -hex 24)      # several: comma-separated
    export MC_API_TOKENS_FILE=/run/secrets/mc-tokens  # or one per line in a file (# comments)
    mc serve --port 8080
    curl -H "Authorization: Bearer $MC_API_TOKENS" --data-binary @sbom.cdx.json \\
      "http://127.0.0.1:8080/v1/artifacts/sha256:<digest>/evidence?kind=sbom"

Access rules (policy/data/access.yaml, MC_ACCESS_POLICY): when the file exists every request but
  /healthz, /readyz, /approve and /.well-known/jwks.json (and /metrics with MC_METRICS_PUBLIC=1)
  needs a principal: a token (MC_API_TOKENS, MC_ACCESS_TOKENS_FILE) or an OIDC JWT
  (MC_OIDC_ISSUER); mc access check explains.

Flagger hooks (POST /v1/flagger/<hook>?env=E): Flagger sends no headers, so each webhook's metadata
  carries "token" (a MC_FLAGGER_TOKENS value: it opens these hooks and nothing else) and "digest".
    export MC_FLAGGER_TOKENS=$(openssl rand -hex 24)

Admission (POST /v1/admission/validate/<env>, AdmissionReview v1 or v1beta1, always HTTP 200): the
  API server sends the bearer token of its kubeconfig, a MC_ADMISSION_TOKENS value (it opens this
  route and nothing else); it calls webhooks over HTTPS only, so serve with --tls-cert/--tls-key.
  MC_ADMISSION_NAMESPACE_ENVS maps namespaces to environments, MC_ADMISSION_DEFAULT_ENV judges the rest.

Background jobs, each on one replica at a time (a lease of MC_LEASE_TTL_MS, default 30 s): the
  outbox (tickets to MC_TICKET_WEBHOOK_URL for new revocations, reminders to MC_REMINDER_WEBHOOK_URL
  for waivers about to expire; retried with backoff, never dropped), the expiry of SEV-1 bypasses
  and approval exceptions, and the CVE watch when MC_CVE_WATCH_SOURCES is set. mc events shows
  what they did; /metrics their figures.

Approvals: the WebAuthn approval page is served at /approve, the approval-token keys at
  /.well-known/jwks.json; open the page under MC_WEBAUTHN_RP_ID (default localhost), never an IP.
`,
    )
    .action(async (opts: ServeFlags) => {
      const config = cliConfig();
      const interval = Number(opts.checkpointInterval);
      if (!Number.isFinite(interval) || interval < 0)
        throw new InputError('BAD_NUMBER', '--checkpoint-interval must be a number of seconds >= 0', {
          path: '--checkpoint-interval',
        });
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new InputError('BAD_NUMBER', '--port must be an integer from 0 to 65535', { path: '--port' });
      const tls = serveTls(opts); // both files read and checked before anything starts
      const installation = await openInstallation(config, undefined, { policyRecheckMs: 1000, listen: true });
      const { store, ledgerKeys } = installation;
      try {
        installation.policies.current(); // refuse to start on a missing or invalid policy
        checkIdentitySettings(config, installation.access); // access.yaml lints; tokens file and OIDC need it
      } catch (e) {
        await installation.close();
        throw e;
      }
      const { app } = buildApp({
        services: installation,
        apiTokens: config.apiTokens,
        flaggerTokens: config.flaggerTokens,
        admissionTokens: config.admission.tokens,
        ...(tls ? { https: { cert: tls.material.cert, key: tls.material.key } } : {}),
        bodyLimitBytes: config.bodyLimitBytes,
        metricsPublic: config.identity.metricsPublic,
        logger: opts.log ?? false,
      });
      try {
        await app.listen({ host: opts.host, port });
      } catch (e) {
        await app.close();
        await installation.close();
        throw listenError(e, opts.host, port);
      }
      // New handshakes get a renewed certificate without a restart (cert-manager rotates the Secret).
      const reloader = tls ? startTlsReloader(app.server, tls, (line) => process.stderr.write(line)) : undefined;
      const address = app.server.address();
      const shown = typeof address === 'object' && address ? `${opts.host}:${address.port}` : `${opts.host}:${port}`;
      // Ledger checkpoints on a schedule, only when the tree grew; signing needs the key mc init made.
      const schedule =
        interval > 0 && ledgerKeys.signer
          ? startCheckpointSchedule(installation.ledger, interval * 1000, (e) => {
              if (e.error) process.stderr.write(`mc serve: checkpoint failed: ${(e.error as Error).message}\n`);
            })
          : undefined;
      void schedule?.tick();
      // The outbox dispatcher, reminders and watchers, each on one replica at a time (leases).
      const jobs = serveJobs(installation, (r) => {
        if (r.outcome === 'failed') process.stderr.write(`mc serve: ${r.job} failed: ${r.error}\n`);
      });
      jobs.start();
      process.stderr.write(
        `mc serve: listening on ${tls ? 'https' : 'http'}://${shown} (store ${store.engine.name} ${store.engine.location}; ${config.apiTokens.length} API token(s))\n`,
      );
      const stop = async () => {
        schedule?.stop();
        reloader?.stop();
        await jobs.stop();
        await app.close();
        await installation.close();
        process.exit(0);
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
}
