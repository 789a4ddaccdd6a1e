/**
 * The API server's rule for a webhook's service path (k8s.io/apiserver pkg/util/webhook
 * validation.go, ValidateWebhookService): it starts with '/', and every segment between slashes
 * is a DNS-1123 subdomain, so a query string (`?env=prod`) is refused when the configuration is
 * created. The problems found, [] when the API server would accept the path.
 */
export function webhookServicePathProblems(path: string): string[] {
  if (path === '' || path === '/') return [];
  if (path === '//') return ['segment[0] may not be empty'];
  const problems: string[] = [];
  if (!path.startsWith('/')) problems.push("must start with a '/'");
  let rest = path.slice(1);
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  rest.split('/').forEach((step, i) => {
    if (step.length === 0) problems.push(`segment[${i}] may not be empty`);
    else if (!(step.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(step)))
      problems.push(`segment[${i}]: ${JSON.stringify(step)} is not a lowercase RFC 1123 subdomain`);
  });
  return problems;
}
