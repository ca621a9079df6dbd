/** Evidence OCR domain: parsers, carrier detection, verification and file limits. Pure: no AWS SDK, no I/O. */
export * from './amounts.ts';
export * from './carriers.ts';
export * from './dates.ts';
export * from './limits.ts';
export * from './receipt.ts';
export * from './tracking.ts';
export * from './types.ts';
export * from './verify.ts';
