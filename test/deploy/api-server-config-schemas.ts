/**
 * The two API server configuration files deploy/admission/apiserver/ ships. They are read by
 * kube-apiserver from disk, not sent to the API, so kubernetes-models has no schema for them;
 * these are written from their Go types and closed (an unknown field is a mistake):
 * - AdmissionConfiguration, WebhookAdmissionConfiguration: k8s.io/apiserver
 *   pkg/apis/apiserver/v1/types.go (the `--admission-control-config-file` format);
 * - Config: k8s.io/client-go tools/clientcmd/api/v1/types.go (kubeconfig), of which the API
 *   server reads `users` for webhooks ("Authenticate apiservers", Kubernetes admission docs).
 */

const authInfo = {
  type: 'object',
  additionalProperties: false,
  properties: {
    'client-certificate': { type: 'string' },
    'client-certificate-data': { type: 'string' },
    'client-key': { type: 'string' },
    'client-key-data': { type: 'string' },
    token: { type: 'string' },
    tokenFile: { type: 'string' },
    as: { type: 'string' },
    'as-uid': { type: 'string' },
    'as-groups': { type: 'array', items: { type: 'string' } },
    'as-user-extra': { type: 'object' },
    username: { type: 'string' },
    password: { type: 'string' },
    'auth-provider': { type: 'object' },
    exec: { type: 'object' },
    extensions: { type: 'array' },
  },
} as const;

export const API_SERVER_CONFIG_SCHEMAS: Record<string, object> = {
  'apiserver.config.k8s.io/v1 AdmissionConfiguration': {
    type: 'object',
    additionalProperties: false,
    required: ['apiVersion', 'kind', 'plugins'],
    properties: {
      apiVersion: { const: 'apiserver.config.k8s.io/v1' },
      kind: { const: 'AdmissionConfiguration' },
      plugins: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string', minLength: 1 },
            path: { type: 'string' },
            configuration: {
              type: 'object',
              additionalProperties: false,
              required: ['apiVersion', 'kind'],
              properties: {
                apiVersion: { const: 'apiserver.config.k8s.io/v1' },
                kind: { const: 'WebhookAdmissionConfiguration' },
                kubeConfigFile: { type: 'string', pattern: '^/' },
              },
            },
          },
        },
      },
    },
  },
  'v1 Config': {
    type: 'object',
    additionalProperties: false,
    required: ['apiVersion', 'kind', 'users'],
    properties: {
      apiVersion: { const: 'v1' },
      kind: { const: 'Config' },
      preferences: { type: 'object' },
      clusters: { type: 'array' },
      contexts: { type: 'array' },
      'current-context': { type: 'string' },
      extensions: { type: 'array' },
      users: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'user'],
          properties: { name: { type: 'string', minLength: 1 }, user: authInfo },
        },
      },
    },
  },
};
