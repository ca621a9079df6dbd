/**
 * Wiring: each entry point names the adapters its use cases need here, at module scope; each is built once per
 * container, on first use:
 *
 *   const deps = wire({ store: () => new DynamoRefundStore(), clock: wallClock, policy: stagePolicy });
 *
 * A bundle carries only the SDK clients its entry names. The local runtime and tests replace adapters with
 * `useAdapters` (stand-ins for the payment provider, SNS, Textract; a moved clock): a replaced port is read from
 * here on every use, so a replacement made after an entry was loaded still takes effect.
 */
import { requireEnv } from '../config.ts';
import { loadPolicy } from '../domain/policy/load.ts';
import type { Policy } from '../domain/policy/schema.ts';
import { type Clock, systemClock } from '../ports/clock.ts';
import type { Ports } from '../ports/index.ts';

export type { Ports } from '../ports/index.ts';

const replaced: Partial<Ports> = {};

/** Replaces adapters for every entry point in this process (local runtime, tests). */
export function useAdapters(replacements: Partial<Ports>): void {
  Object.assign(replaced, replacements);
}

export type Factories<K extends keyof Ports> = { [P in K]: () => Ports[P] };

/**
 * An entry point's dependencies: each built from `factories` when first used, unless the port is replaced (see
 * `useAdapters`). Not at import: the stage's policy alone is a zod parse of the whole document (~6 ms of CPU), and
 * a function's cold start should pay only for what its first request uses (issue 18, item 4).
 */
export function wire<K extends keyof Ports>(factories: Factories<K>): Pick<Ports, K> {
  const deps = {} as Pick<Ports, K>;
  for (const port of Object.keys(factories) as K[]) {
    let built: Ports[K] | undefined;
    Object.defineProperty(deps, port, {
      enumerable: true,
      get: () => {
        built ??= replaced[port] === undefined ? factories[port]() : undefined;
        return replaced[port] ?? built;
      },
    });
  }
  return deps;
}

/** The wall clock. */
export const wallClock = (): Clock => systemClock;

/** One policy per deployment: the stage the stack gives every function (env STAGE); no entry has its own. */
export const stagePolicy = (): Policy => loadPolicy(requireEnv('STAGE'));
