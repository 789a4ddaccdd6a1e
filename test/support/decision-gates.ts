import type { Decision } from '../../src/domain/decision.js';

/** The result of one gate in a decision (the test fails on the `!` access if the gate is absent). */
export const gate = (d: Decision, name: string) => d.gates.find((g) => g.gate === name)!;

/** The reason codes one gate gave. */
export const codes = (d: Decision, name: string) => gate(d, name).reasons.map((r) => r.code);
