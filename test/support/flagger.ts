/** A Flagger token (MC_FLAGGER_TOKENS) for tests: Flagger sends it as metadata.token. */
export const FLAGGER_TOKEN = 'flagger-token-0123456789abcdef';

/**
 * The payload Flagger POSTs to a webhook (docs/gitbook/usage/webhooks.md; CanaryWebhookPayload in
 * pkg/apis/flagger/v1beta1), its metadata copied from the Canary's webhook spec.
 */
export function flaggerPayload(metadata: Record<string, string>, phase = 'Progressing') {
  return { name: 'podinfo', namespace: 'test', phase, checksum: '85d557f47b', metadata };
}
