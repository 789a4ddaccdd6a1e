import type { BypassReport } from './bypass-service.js';

/** The bypass report for people: who approved when, what was bypassed, every decision made under it. */
export function bypassReportMarkdown({ bypass: b, decisions }: BypassReport): string {
  const lines = [
    `# SEV-1 bypass ${b.id}`,
    '',
    `- Artifact: \`${b.digest}\` in **${b.env}**`,
    `- Incident: ${b.incident}`,
    `- Reason: ${b.reason}`,
    `- Requested by ${b.requestedBy} at ${b.requestedAt}`,
    `- State: **${b.state}**${b.activatedAt ? `, open from ${b.activatedAt}` : ''}${b.expiresAt ? ` until ${b.expiresAt}` : ''}${b.endedAt ? `, reverted at ${b.endedAt}` : ''}`,
    `- Bypassed gates: ${b.gates.length ? b.gates.join(', ') : '(none yet)'}`,
    '',
    '## Approvals',
    '',
    '| role | who | when | step-up |',
    '|---|---|---|---|',
    ...b.approvals.map((a) => `| ${a.role} | ${a.subject} | ${a.approvedAt} | ${a.steppedUpAt ?? 'local CLI'} |`),
    '',
    `## Decisions made under it (${decisions.length})`,
    '',
    '| evaluated | allow | bypassed gates |',
    '|---|---|---|',
    ...decisions.map(
      (d) =>
        `| ${d.evaluatedAt} | ${d.allow ? 'allow' : 'deny'} | ${
          d.gates
            .filter((g) => g.result === 'bypassed')
            .map((g) => g.gate)
            .join(', ') || '-'
        } |`,
    ),
    '',
  ];
  // Table cells hold free text from requests: a pipe or newline would break the table.
  return lines.map((l) => (l.startsWith('|') ? l : l.replace(/\r?\n/g, ' '))).join('\n');
}
