/**
 * The lab's statistics, pure functions with no I/O, no clock and no
 * randomness: one module per concern under src/stats/, re-exported here.
 */
export * from './stats/descriptive.ts';
export * from './stats/distributions.ts';
export * from './stats/welch.ts';
export * from './stats/multiple.ts';
export * from './stats/process-effect.ts';
export * from './stats/robust.ts';
export * from './stats/compare-shift.ts';
export * from './stats/sequential.ts';
export * from './stats/proportion.ts';
export * from './stats/factorial.ts';
export * from './stats/random-effects.ts';
