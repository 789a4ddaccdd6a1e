import type { Reason } from '../../domain/decision.js';
import type { Finding, Severity } from '../../domain/evidence.js';
import type { VulnerabilitiesGateConfig } from '../gates-schema.js';
import type { EvidenceSnapshot } from '../evidence-snapshot.js';
import { isWaiverActive, waiverMatches } from '../waivers.js';
import type { Waiver } from '../../domain/waiver.js';
import type { CheckResult } from './check-result.js';
import { packageLabel } from '../package-label.js';
import { formatDuration, parseDuration } from '../duration.js';

/**
 * Blocks findings whose severity is in `block`. A finding with no known severity counts as
 * `unknown_severity`; one that could not be evaluated (GIT range, unparsable version) counts
 * as affected: doubt is never an allow. VEX-suppressed findings stay listed but do not block.
 */
export function checkVulnerabilities(
  config: VulnerabilitiesGateConfig,
  snapshot: EvidenceSnapshot,
  waivers: readonly Waiver[],
  now: Date,
): CheckResult {
  if (snapshot.vulnerabilitySources.length === 0) {
    return {
      outcome: 'fail',
      reasons: [
        {
          code: 'VULN_DATA_MISSING',
          message: `no scan report for ${snapshot.digest} and no advisories synced: vulnerability state unknown (ingest a scan or run mc advisories sync)`,
        },
      ],
    };
  }
  const stale = staleness(config, snapshot, now);
  if (stale !== undefined && 'reason' in stale) return { outcome: 'fail', reasons: [stale.reason], validUntil: now };
  const reasons: Reason[] = [];
  let blocking = 0;
  let waived = 0;
  // Fresh advisories stay fresh only until max_advisory_age has passed since their sync.
  let validUntil: Date | undefined = stale?.freshUntil;
  for (const f of snapshot.findings) {
    if (f.suppressedBy) continue;
    const severity = effectiveSeverity(f, config.unknown_severity);
    if (!config.block.includes(severity)) continue;
    const matching = waivers.filter((w) => waiverMatches(w, f, snapshot.digest));
    const active = matching.find((w) => isWaiverActive(w, now));
    const subject = `${f.advisoryId}${f.aliases.length ? ` (${f.aliases.join(', ')})` : ''} in ${packageLabel(f.package, f.version)}`;
    if (active) {
      waived++;
      const expires = new Date(active.expires);
      if (!validUntil || expires < validUntil) validUntil = expires;
      reasons.push({
        code: 'VULN_WAIVED',
        message: `${severity} ${subject} waived by ${active.id} (owner ${active.owner}) until ${active.expires}: ${active.reason}`,
        details: { advisory: f.advisoryId, waiver: active.id, expires: active.expires },
      });
      continue;
    }
    blocking++;
    const expired = matching.find((w) => Date.parse(w.expires) <= now.getTime());
    if (expired) {
      reasons.push({
        code: 'WAIVER_EXPIRED',
        message: `waiver ${expired.id} (owner ${expired.owner}) for ${f.advisoryId} expired at ${expired.expires}; renew it or fix the finding`,
        details: { advisory: f.advisoryId, waiver: expired.id },
      });
    }
    const code = f.notEvaluable ? 'VULN_NOT_EVALUABLE' : 'VULN_BLOCKING';
    const why = f.notEvaluable ? ` (could not be evaluated: ${f.notEvaluable}; counted as affected)` : '';
    const sev =
      f.severity && f.severity !== 'UNKNOWN' ? severity : `${severity} (no severity in the advisory; unknown_severity)`;
    reasons.push({
      code,
      message: `${sev} ${subject} reported by ${f.source}${why}; upgrade, add a VEX statement or a waiver`,
      details: { advisory: f.advisoryId, aliases: f.aliases, severity, package: f.package },
    });
  }
  // Doubt is never an allow: a component whose purl does not parse could be anything, so it
  // blocks until the SBOM names it properly. (Components with no purl at all are not denied for
  // that alone; the matcher turns them into undecided findings when an advisory names them.)
  for (const u of snapshot.unidentifiedComponents ?? []) {
    blocking++;
    const what = packageLabel(u.component, u.component.version);
    reasons.push({
      code: 'VULN_COMPONENT_UNIDENTIFIED',
      message: `component ${what} cannot be matched against advisories: ${u.detail}; counted as affected; fix its purl in the SBOM`,
      details: { component: u.component },
    });
  }
  // A component of an ecosystem no synced source covered: no finding proves nothing. Unknown state
  // fails closed under enforce; under advisory the gate says so (advisory-fail).
  const uncovered = snapshot.uncoveredEcosystems ?? [];
  if (uncovered.length > 0) {
    const count = uncovered.reduce((n, u) => n + u.components, 0);
    const list = uncovered
      .map(
        (u) =>
          `${u.ecosystem} (${u.components}: ${u.examples.join(', ')}${u.components > u.examples.length ? ', …' : ''})`,
      )
      .join('; ');
    blocking++;
    reasons.push({
      code: 'VULN_DATA_MISSING',
      message: `vulnerability state unknown for ${count} component(s): no synced advisories cover ${list}; sync an OSV source for ${uncovered.length === 1 ? 'it' : 'them'} (mc advisories sync --from …) or ingest a scan report`,
      details: { ecosystems: uncovered.map((u) => u.ecosystem), components: count },
    });
  }
  const suppressed = snapshot.findings.filter((f) => f.suppressedBy).length;
  if (suppressed > 0)
    reasons.push({ code: 'VULN_SUPPRESSED_BY_VEX', message: `${suppressed} finding(s) suppressed by VEX statements` });
  if (blocking > 0) return { outcome: 'fail', reasons };
  const summary: Reason = {
    code: 'VULN_NONE_BLOCKING',
    message: `no unwaived ${config.block.join('/')} finding among ${snapshot.findings.length} (sources: ${snapshot.vulnerabilitySources.join(', ')})`,
  };
  return {
    outcome: waived > 0 ? 'waived' : 'pass',
    reasons: [summary, ...reasons],
    ...(validUntil ? { validUntil } : {}),
  };
}

/**
 * max_advisory_age: advisories synced longer ago than that may miss what was published since, so
 * the gate fails closed (VULN_DATA_STALE) rather than vouch for them. Only when advisory matching
 * contributed (a scan report carries its scanner's own database). A stale deny is valid only now
 * (never cached: the next sync, even one that changes nothing, makes the data fresh again).
 */
function staleness(
  config: VulnerabilitiesGateConfig,
  snapshot: EvidenceSnapshot,
  now: Date,
): { reason: Reason } | { freshUntil: Date } | undefined {
  if (config.max_advisory_age === undefined || snapshot.advisoriesSyncedAt === undefined) return undefined;
  const maxMs = parseDuration(config.max_advisory_age, 'max_advisory_age');
  const syncedMs = Date.parse(snapshot.advisoriesSyncedAt);
  const ageMs = now.getTime() - syncedMs;
  if (ageMs < maxMs) return { freshUntil: new Date(syncedMs + maxMs) };
  return {
    reason: {
      code: 'VULN_DATA_STALE',
      message: `advisories were last synced at ${snapshot.advisoriesSyncedAt} (${formatDuration(Math.max(0, Math.floor(ageMs / 60_000) * 60_000))} ago), longer ago than max_advisory_age ${config.max_advisory_age}: findings published since may be missing; sync them (mc advisories sync, or check mc watch cve)`,
      details: {
        syncedAt: snapshot.advisoriesSyncedAt,
        maxAge: config.max_advisory_age,
        ageSeconds: Math.floor(ageMs / 1000),
      },
    },
  };
}

function effectiveSeverity(f: Finding, unknown: Severity): Severity {
  return f.severity === undefined || f.severity === 'UNKNOWN' ? unknown : f.severity;
}
