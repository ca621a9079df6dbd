/**
 * Runs the real ASL files in process with aws-local-stepfunctions, and implements the Workflow port on top.
 *
 * - `${Placeholder}` substitutions become `local:Placeholder`; a Task whose FunctionName is one of them calls the
 *   same handler module that Lambda runs (through `tasks`).
 * - `.waitForTaskToken` is not supported by the library: the Task override mints a unique token where the ASL
 *   reads `$$.Task.Token`, calls the handler (which stores it), and waits until `resume`/`fail` settles it or the
 *   state's TimeoutSeconds passes (then the token is void, as in AWS).
 * - A `states:startExecution` Task (the lifecycle's StartPayout) calls the task named by its StateMachineArn
 *   placeholder with its Input: the local stand-in for the other machine (LocalWorkflow starts the payout runner).
 * - `timeScale` shrinks every TimeoutSeconds, Wait and Retry interval, so tests can run 24-hour timers in ms.
 */
import './polyfills.ts';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { Step } from '../functions/domain/lifecycle.ts';
import { currentCorrelationId } from '../functions/observability/invocation.ts';
import { TaskTokenInvalid, type Workflow } from '../functions/ports/workflow.ts';

export type TaskHandler = (payload: unknown) => Promise<unknown>;

const TOKEN_PLACEHOLDER = '__LOCAL_TASK_TOKEN__';

export interface AslRunnerOptions {
  definitionPath: string;
  /** Substitution name (e.g. AssessFunctionArn) → the handler it stands for. */
  tasks: Record<string, TaskHandler>;
  /** Multiplies every timeout, wait and retry interval. @default 1 */
  timeScale?: number;
  /**
   * An Express machine: executions are not deduplicated by name (a start while one of that name runs is skipped,
   * after it ended starts another), as Express runs in AWS are at least once. @default false (Standard)
   */
  express?: boolean;
  log?: (message: string, detail?: unknown) => void;
}

export interface ExecutionRecord {
  name: string;
  abort: () => void;
  /** Task tokens this execution is waiting on. */
  tokens: Set<string>;
  /** Names of the states entered, in order: what Step Functions bills as state transitions. */
  statesEntered: string[];
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  output?: unknown;
  error?: string;
  done: Promise<void>;
}

type StateDefinition = Record<string, unknown> & { Type?: string; States?: Record<string, StateDefinition> };
type RunInput = Parameters<StateMachine['run']>[0];

interface PendingToken {
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * Loads an ASL file and fills its `${...}` placeholders with local markers; the integrations' partition is `aws`, as
 * the local runner knows the integrations by their standard ARNs.
 */
export function loadDefinition(path: string, substitutions: readonly string[]): StateDefinition {
  let text = readFileSync(path, 'utf8').replaceAll(`\${Partition}`, 'aws');
  for (const name of substitutions) text = text.replaceAll(`\${${name}}`, `local:${name}`);
  const unresolved = text.match(/\$\{[A-Za-z0-9]+\}/);
  if (unresolved) throw new Error(`${path}: no local value for ${unresolved[0]}`);
  const definition = JSON.parse(text);
  if (typeof definition?.StartAt !== 'string' || typeof definition.States !== 'object') {
    throw new Error(`${path}: not a state machine definition`);
  }
  return definition;
}

/** setTimeout's longest delay (about 24.8 days): a longer one fires at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * A timer of any length (a policy may give a wait longer than setTimeout's 24.8 days, as Step Functions allows a
 * year): chained timers, each within setTimeout's limit.
 */
export function longTimeout(fire: () => void, ms: number): { clear(): void } {
  let timer: NodeJS.Timeout | undefined;
  const due = Date.now() + ms;
  const arm = () => {
    const left = due - Date.now();
    timer = setTimeout(left > MAX_TIMEOUT_MS ? arm : fire, Math.max(0, Math.min(left, MAX_TIMEOUT_MS)));
  };
  arm();
  return { clear: () => clearTimeout(timer) };
}

function scaled(definition: StateDefinition, timeScale: number): StateDefinition {
  const states = Object.fromEntries(
    Object.entries(definition.States ?? {}).map(([name, state]) => {
      const copy: StateDefinition = { ...state };
      if (typeof copy.TimeoutSecondsPath === 'string') {
        // The runner times such waits itself from the Payload's timeoutSeconds (scaled); keep the library's own
        // timer out of the way (below setTimeout's 24.8-day limit).
        delete copy.TimeoutSecondsPath;
        copy.TimeoutSeconds = 2_000_000;
      }
      for (const field of ['TimeoutSeconds', 'HeartbeatSeconds', 'Seconds'] as const) {
        if (typeof copy[field] === 'number' && copy[field] !== 2_000_000) {
          copy[field] = Math.max(0.001, copy[field] * timeScale);
        }
      }
      return [name, copy];
    }),
  );
  return { ...definition, States: states };
}

export class LocalStepFunctions implements Omit<Workflow, 'payout'> {
  private readonly definition: StateDefinition;
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly tokens = new Map<string, PendingToken>();
  private readonly aborts = new Set<() => void>();

  constructor(private readonly options: AslRunnerOptions) {
    const raw = loadDefinition(options.definitionPath, Object.keys(options.tasks));
    this.definition = scaled(raw, options.timeScale ?? 1);
    // Validate once here; each run then skips it (validation takes ~150 ms of CPU and would block every start).
    new StateMachine(JSON.parse(JSON.stringify(this.definition)), {
      validationOptions: { checkArn: false, checkPaths: true },
    });
  }

  async start(refundId: string, step?: Step): Promise<void> {
    // Named after the refund, like the AWS adapter: a second start of the same refund changes nothing. An Express
    // machine starts again once the last run of that name ended.
    const last = this.executions.get(refundId);
    if (last && (!this.options.express || last.status === 'RUNNING')) return;
    // As the AWS adapter: the starting invocation's correlation id travels in the input to every task.
    const input = { refundId, correlationId: currentCorrelationId() ?? null };
    this.run(
      refundId,
      step ? { ...input, step: { outcome: step.outcome, timeoutSeconds: step.timeoutSeconds } } : input,
    );
  }

  async resume(taskToken: string, output: Record<string, unknown>): Promise<void> {
    this.takeToken(taskToken).resolve(output);
  }

  async fail(taskToken: string, error: string, cause: string): Promise<void> {
    this.takeToken(taskToken).reject(Object.assign(new Error(cause), { name: error }));
  }

  async stop(refundId: string): Promise<void> {
    const record = this.executions.get(refundId);
    if (record?.status !== 'RUNNING') return;
    record.abort();
    for (const token of record.tokens) {
      const pending = this.tokens.get(token);
      this.tokens.delete(token);
      pending?.reject(Object.assign(new Error('execution stopped'), { name: 'States.Runtime' }));
    }
    await record.done;
  }

  execution(name: string): ExecutionRecord | undefined {
    return this.executions.get(name);
  }

  /** Waits until the named execution has finished. */
  async finished(name: string): Promise<ExecutionRecord | undefined> {
    await this.executions.get(name)?.done;
    return this.executions.get(name);
  }

  /** Ends every execution (runtime shutdown). */
  shutdown(): void {
    for (const abort of this.aborts) abort();
    for (const [token, pending] of this.tokens) {
      this.tokens.delete(token);
      pending.reject(Object.assign(new Error('runtime stopped'), { name: 'States.Runtime' }));
    }
  }

  private takeToken(token: string): PendingToken {
    const pending = this.tokens.get(token);
    if (!pending) throw new TaskTokenInvalid('task token is unknown, already used or timed out');
    this.tokens.delete(token);
    return pending;
  }

  private overrides(execution: Set<string>): Record<string, (input: RunInput) => Promise<RunInput>> {
    const result: Record<string, (input: RunInput) => Promise<RunInput>> = {};
    for (const [stateName, state] of Object.entries(this.definition.States ?? {})) {
      if (state.Type !== 'Task') continue;
      const waits = typeof state.Resource === 'string' && state.Resource.endsWith('.waitForTaskToken');
      const timeoutMs = typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds * 1000 : undefined;
      // A JSON round trip, as between Step Functions and Lambda: nothing but JSON crosses the boundary.
      result[stateName] = async (input) =>
        JSON.parse(
          JSON.stringify((await (waits ? this.waitTask(input, timeoutMs, execution) : this.invokeTask(input))) ?? null),
        );
    }
    return result;
  }

  /** A Lambda task's function (FunctionName, Payload), or a started machine (StateMachineArn, Input). */
  private handlerFor(input: unknown): { handler: TaskHandler; payload: unknown } {
    const parameters = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
    const target = String(parameters.FunctionName ?? parameters.StateMachineArn ?? '');
    const handler = this.options.tasks[target.replace(/^local:/, '')];
    if (!handler) throw new Error(`no local task for ${target}`);
    return { handler, payload: parameters.FunctionName === undefined ? parameters.Input : parameters.Payload };
  }

  private async invokeTask(input: unknown): Promise<unknown> {
    const { handler, payload } = this.handlerFor(input);
    return { StatusCode: 200, Payload: await handler(payload) };
  }

  /**
   * A `.waitForTaskToken` task: mint the token, let the handler store it, wait for resume/fail or the timeout.
   * A state with `TimeoutSecondsPath` must also pass `timeoutSeconds` in its Payload (the runner reads it there).
   */
  private async waitTask(
    input: unknown,
    staticTimeoutMs: number | undefined,
    execution: Set<string>,
  ): Promise<unknown> {
    const { handler, payload } = this.handlerFor(input);
    const token = randomUUID();
    const withToken = JSON.parse(JSON.stringify(payload ?? {}).replaceAll(TOKEN_PLACEHOLDER, token));
    const dynamicSeconds = typeof withToken?.timeoutSeconds === 'number' ? withToken.timeoutSeconds : undefined;
    const timeoutMs =
      dynamicSeconds === undefined ? staticTimeoutMs : dynamicSeconds * 1000 * (this.options.timeScale ?? 1);
    const result = new Promise<unknown>((resolve, reject) => this.tokens.set(token, { resolve, reject }));
    // Settled (e.g. by shutdown) before it is awaited must not count as an unhandled rejection.
    result.catch(() => undefined);
    execution.add(token);
    const timer =
      timeoutMs === undefined
        ? undefined
        : longTimeout(() => {
            const pending = this.tokens.get(token);
            this.tokens.delete(token);
            pending?.reject(Object.assign(new Error('task timed out'), { name: 'States.Timeout' }));
          }, timeoutMs);
    try {
      await handler(withToken);
      return await result;
    } finally {
      timer?.clear();
      this.tokens.delete(token);
      execution.delete(token);
    }
  }

  private run(name: string, input: RunInput): void {
    const definition: StateMachineDefinition = JSON.parse(JSON.stringify(this.definition));
    const machine = new StateMachine(definition, { validationOptions: { noValidate: true } });
    const timeScale = this.options.timeScale ?? 1;
    const retryIntervalOverrides = Object.fromEntries(
      Object.entries(this.definition.States ?? {})
        .filter(([, s]) => Array.isArray(s.Retry))
        .map(([stateName, s]) => [
          stateName,
          (s.Retry as { IntervalSeconds?: number }[]).map((r) =>
            Math.round((r.IntervalSeconds ?? 1) * 1000 * timeScale),
          ),
        ]),
    );
    const tokens = new Set<string>();
    const execution = machine.run(input, {
      overrides: { taskResourceLocalHandlers: this.overrides(tokens), retryIntervalOverrides },
      context: { Execution: { Id: `local:${name}`, Name: name, Input: input }, Task: { Token: TOKEN_PLACEHOLDER } },
      noThrowOnAbort: true,
    });
    this.aborts.add(execution.abort);
    const statesEntered: string[] = [];
    void (async () => {
      for await (const event of execution.eventLogs) {
        if (event.type === 'StateEntered') statesEntered.push(event.state.name);
      }
    })().catch(() => undefined);
    const record: ExecutionRecord = {
      name,
      abort: execution.abort,
      tokens,
      statesEntered,
      status: 'RUNNING',
      done: execution.result.then(
        (output: unknown) => {
          record.status = output === null ? 'ABORTED' : 'SUCCEEDED';
          record.output = output;
        },
        (error: unknown) => {
          record.status = 'FAILED';
          record.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          this.options.log?.(`execution ${name} failed`, record.error);
        },
      ),
    };
    void record.done.finally(() => this.aborts.delete(execution.abort));
    this.executions.set(name, record);
  }
}
