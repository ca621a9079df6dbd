/**
 * The deployed stack, locally: reads the synthesized template (./template.ts), builds each function's environment
 * and IAM identity from it (./functions.ts) and invokes handlers inside their function's scope (./scope.ts), with
 * AWS SDK calls guarded (../iam/sdk-guard.ts) and stand-ins checked (./stand-ins.ts).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { callChecks } from '../../functions/adapters/aws/aws-call.ts';
import { functionSpec } from '../../functions/catalog.ts';
import { lambdaContext, loadHandler } from '../handlers.ts';
import type { Template } from '../iam/intrinsics.ts';
import { authorizeSdkCall, guardSdkClients } from '../iam/sdk-guard.ts';
import { type DeployedFunction, deployedFunctions, type LocalResourceNames } from './functions.ts';
import { currentScope, type InvocationScope, runInScope } from './scope.ts';
import { deployedTemplate } from './template.ts';

export interface LocalDeploymentOptions extends LocalResourceNames {
  region: string;
  /**
   * Local values for variables the template gives (the policy stage a test runs, monitoring thresholds). A variable
   * the template does not give a function is never added: that is what a missing variable looks like in AWS.
   */
  overrides?: Readonly<Record<string, string>>;
  /** Changes the template before it is read (tests remove a grant or a variable to see it caught). */
  editTemplate?: (template: Template) => void;
  /** Variables the runtime keeps for itself that no function has (e.g. WEBHOOK_SECRET); hidden from functions. */
  runtimeOnly?: readonly string[];
  log?: (message: string) => void;
}

let guarded = false;

/**
 * Installs the SDK guard once per process, on the SDK's DynamoDB client and on the calls made without a client
 * (Secrets Manager's, functions/adapters/aws/aws-call.ts); it checks nothing outside an invocation.
 */
function guardSdk(): void {
  if (guarded) return;
  guarded = true;
  guardSdkClients([DynamoDBClient], () => currentScope()?.fn.identity);
  callChecks.before = (serviceId, command, input) => {
    const identity = currentScope()?.fn.identity;
    if (identity) authorizeSdkCall(serviceId, command, input, identity);
  };
}

export class LocalDeployment {
  private constructor(
    readonly functions: ReadonlyMap<string, DeployedFunction>,
    private readonly hidden: ReadonlySet<string>,
  ) {}

  static async load(options: LocalDeploymentOptions): Promise<LocalDeployment> {
    const template: Template = structuredClone(await deployedTemplate(options.log));
    options.editTemplate?.(template);
    const found = deployedFunctions(template, options.region, options);
    const overrides = options.overrides ?? {};
    const functions = new Map(
      [...found].map(([id, fn]) => {
        const env = { ...fn.env };
        for (const [name, value] of Object.entries(overrides)) if (Object.hasOwn(env, name)) env[name] = value;
        return [id, { ...fn, env }];
      }),
    );
    const hidden = new Set([
      ...[...functions.values()].flatMap((fn) => Object.keys(fn.env)),
      ...(options.runtimeOnly ?? []),
    ]);
    guardSdk();
    return new LocalDeployment(functions, hidden);
  }

  get(id: string): DeployedFunction {
    const fn = this.functions.get(id);
    if (!fn) throw new Error(`no deployed function ${id}`);
    return fn;
  }

  /** Values of every variable named `name` across functions (e.g. the secret ARNs the stand-ins answer for). */
  valuesOf(name: string): string[] {
    return [...new Set([...this.functions.values()].flatMap((fn) => (fn.env[name] ? [fn.env[name]] : [])))];
  }

  /** Runs `work` as function `id`. */
  run<T>(id: string, work: () => Promise<T>): Promise<T> {
    const scope: InvocationScope = { fn: this.get(id), hidden: this.hidden };
    return runInScope(scope, work);
  }

  /**
   * Invokes function `id` with `event` the way Lambda does: its module is loaded (once) inside its scope, so a
   * missing variable fails its init, and the handler runs with its environment and its policy.
   */
  invoke(id: string, event: unknown, context?: Context): Promise<unknown> {
    const { entry } = functionSpec(id);
    return this.run(id, async () => (await loadHandler(entry))(event, context ?? lambdaContext(id)));
  }
}
