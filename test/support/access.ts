/** An access.yaml for tests: two teams by name pattern, prod of high sensitivity, a deny rule, an auditor view. */
export const ACCESS_YAML = `version: 1
teams:
  payments: ["registry.example/payments/**"]
  web: ["registry.example/web/*"]
sensitivity:
  prod: high
rules:
  - { id: admins, roles: [admin], actions: ["*"] }
  - { id: ci-own-team, roles: [ci], actions: [ingest, verify, read_evidence, read_decisions], team: own }
  - { id: auditors, roles: [auditor], actions: [read_decisions] }
  - { id: release-approves, roles: [release], actions: [approve], sensitivity: [high] }
  - { id: no-ci-ingest-in-prod, effect: deny, roles: [ci], actions: [ingest], environments: [prod] }
views:
  decision:
    auditor: [allow, digest, env, gates]
`;
