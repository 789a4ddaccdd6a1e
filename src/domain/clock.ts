/** The time source every use case is given (never `new Date()` in the core): tests and MC_NOW pin it. */
export type Clock = () => Date;
