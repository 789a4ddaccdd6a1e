import { Counter, Histogram, Registry } from 'prom-client';

/** The service's Prometheus metrics, on a registry of their own (no default process metrics). */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly verifyRequests = new Counter({
    name: 'mc_verify_requests_total',
    help: 'Verify requests served, by endpoint and HTTP status.',
    labelNames: ['endpoint', 'status'] as const,
    registers: [this.registry],
  });
  readonly decisions = new Counter({
    name: 'mc_decisions_total',
    help: 'Decisions returned, by environment and outcome.',
    labelNames: ['env', 'allow'] as const,
    registers: [this.registry],
  });
  readonly verifyDuration = new Histogram({
    name: 'mc_verify_duration_seconds',
    help: 'Time to answer a verify request, cached or not.',
    labelNames: ['cached'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly evidenceIngested = new Counter({
    name: 'mc_evidence_ingested_total',
    help: 'Evidence documents accepted, by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
}
