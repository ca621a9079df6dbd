/**
 * Runs handler invocations "as deployed" inside one process. While an invocation runs (AsyncLocalStorage), its
 * function's scope decides two things:
 *
 * - **environment**: `process.env` shows the function's own variables from the template; a variable the stack gives
 *   some other function (or the local runtime's own WEBHOOK_SECRET) is absent, exactly as in its Lambda. Everything
 *   else (PATH, AWS_REGION, the local AWS endpoints, test knobs) passes through, as the Lambda runtime provides it.
 * - **IAM**: every AWS SDK call (./../iam/sdk-guard.ts) and every call to a local stand-in (./stand-ins.ts) is
 *   checked against the function's role policy; a refusal is the AccessDeniedException AWS throws.
 *
 * Outside any invocation (the runtime's own set-up, tests that call a handler directly) nothing is filtered or
 * checked.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { authorize } from '../iam/policy.ts';
import type { DeployedFunction } from './functions.ts';

export interface InvocationScope {
  fn: DeployedFunction;
  /** Variables of the stack's functions (and the runtime's secrets) that this function does not have. */
  hidden: ReadonlySet<string>;
}

const storage = new AsyncLocalStorage<InvocationScope>();

/** The invocation running now, if any. */
export function currentScope(): InvocationScope | undefined {
  return storage.getStore();
}

/** Runs `work` as an invocation of `scope.fn` (its environment, its IAM policy). */
export function runInScope<T>(scope: InvocationScope, work: () => Promise<T>): Promise<T> {
  installEnvironmentView();
  return storage.run(scope, work);
}

/** Runs `work` outside any invocation: a stand-in's own work after it accepted a call (an execution, a timer). */
export function detached<T>(work: () => T): T {
  return storage.exit(work);
}

/** Checks an action on a resource against the running function's policy; outside an invocation, allows. */
export function authorizeCurrent(action: string, resource: string): void {
  const scope = storage.getStore();
  if (scope) authorize(scope.fn.identity, action, resource);
}

/** A variable of the running function's environment, as the stand-in's AWS adapter would read it. */
export function scopedEnv(name: string): string | undefined {
  return process.env[name];
}

let installed = false;

/** Replaces `process.env` once with a view that consults the running invocation's scope. */
function installEnvironmentView(): void {
  if (installed) return;
  installed = true;
  const base = process.env;
  const own = (name: string | symbol) => {
    const scope = storage.getStore();
    if (!scope || typeof name !== 'string') return { scope: undefined, found: false, value: undefined };
    if (Object.hasOwn(scope.fn.env, name)) return { scope, found: true, value: scope.fn.env[name] };
    return { scope, found: scope.hidden.has(name), value: undefined };
  };
  process.env = new Proxy(base, {
    get(target, name) {
      const { found, value } = own(name);
      return found ? value : Reflect.get(target, name);
    },
    has(target, name) {
      const { found, value } = own(name);
      return found ? value !== undefined : Reflect.has(target, name);
    },
    getOwnPropertyDescriptor(target, name) {
      const { found, value } = own(name);
      if (!found) return Reflect.getOwnPropertyDescriptor(target, name);
      return value === undefined ? undefined : { value, writable: true, enumerable: true, configurable: true };
    },
    // Writes (the runtime's own set-up, a handler setting a variable) go to the real environment object directly.
    set(target, name, value) {
      if (typeof name === 'string') target[name] = String(value);
      return true;
    },
    deleteProperty(target, name) {
      if (typeof name === 'string') delete target[name];
      return true;
    },
    ownKeys(target) {
      const scope = storage.getStore();
      const keys = Reflect.ownKeys(target);
      if (!scope) return keys;
      const visible = keys.filter((k) => typeof k !== 'string' || !scope.hidden.has(k) || k in scope.fn.env);
      return [...new Set([...visible, ...Object.keys(scope.fn.env)])];
    },
  });
}
