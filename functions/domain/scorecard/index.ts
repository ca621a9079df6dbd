/** The merchant scorecard: periods, metrics and tiers (see each file). */
export * from './metrics.ts';
export * from './period.ts';
export * from './tiers.ts';
