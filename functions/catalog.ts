/**
 * Every function of the stack in one list (API routes, lifecycle tasks, event functions), and the cold-start check
 * each entry point runs: a function whose environment lacks a variable its declaration needs fails at start, in AWS
 * and locally alike, instead of at the first request that happens to read it.
 */
import { ROUTES } from './api/routes.ts';
import { ConfigurationError } from './config.ts';
import { CHANNEL_FUNCTIONS, EVENT_FUNCTIONS, type FunctionSpec, requireEnvironment } from './manifest.ts';
import { TASKS } from './tasks/tasks.ts';

export const FUNCTIONS: readonly FunctionSpec[] = [
  ...ROUTES,
  ...TASKS,
  ...Object.values(EVENT_FUNCTIONS),
  ...Object.values(CHANNEL_FUNCTIONS),
];

export function functionSpec(id: string): FunctionSpec {
  const spec = FUNCTIONS.find((f) => f.id === id);
  if (!spec) throw new ConfigurationError(`no function ${id} in the catalog`);
  return spec;
}

/** Throws (at module scope, so the function fails its init) when any variable function `id` needs is unset. */
export function requireEnvironmentOf(id: string): void {
  requireEnvironment(functionSpec(id));
}
