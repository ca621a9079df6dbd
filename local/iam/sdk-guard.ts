/**
 * Enforces IAM on AWS SDK v3 calls made in process: the `send` every client inherits from the smithy `Client`
 * (@smithy/core/client) is wrapped so that, while a function runs under an identity, each command is authorized
 * (sdk-access.ts names the checks, policy.ts decides) before any request is built or sent. A refusal rejects with
 * AccessDeniedException, as AWS would.
 *
 * Facts of SDK 3.1169 this relies on: a client's service id is `client.config.serviceId` ('DynamoDB', 'S3', 'SNS',
 * 'SFN', 'Secrets Manager', 'Textract'); a command's name is its class name (`command.constructor.name`,
 * e.g. 'PutItemCommand', or lib-dynamodb's 'PutCommand'). DynamoDBDocumentClient extends the same `Client` and
 * shares the wrapped client's config; its `send` resolves the inner command's middleware itself and never calls the
 * inner client's `send`, so a DocumentClient call is checked exactly once, as its document command.
 */
import { authorize, type PolicyStatement } from './policy.ts';
import { type ArnContext, accessFor } from './sdk-access.ts';

export interface CallerIdentity {
  principalArn: string;
  statements: readonly PolicyStatement[];
  arn: ArnContext;
}

type Send = (this: SdkClient, command: SdkCommand, ...rest: unknown[]) => unknown;

interface SdkClient {
  config?: { serviceId?: unknown };
}

interface SdkCommand {
  input?: unknown;
}

/**
 * An SDK client class. Typed by its prototype rather than as a constructor, because DynamoDBDocumentClient's
 * constructor is protected (it is built with `from`) and TypeScript would refuse it as `new (...) => unknown`.
 */
export interface SdkClientClass {
  readonly prototype: unknown;
  readonly name: string;
}

/** The prototype `send` is actually inherited from (the smithy Client's, of whichever build, CJS or ESM, loaded). */
function sendOwner(client: SdkClientClass): object {
  for (let proto: unknown = client.prototype; proto; proto = Object.getPrototypeOf(proto)) {
    if (Object.hasOwn(proto, 'send')) return proto as object;
  }
  throw new Error(`${client.name} has no send method to guard`);
}

/**
 * Authorizes one call, named as the SDK names it (service id, command class name, the command's input); throws
 * AccessDeniedException (or, for a command with no IAM mapping, an Error). Also the check of the calls made without
 * a client (functions/adapters/aws/aws-call.ts `callChecks`).
 */
export function authorizeSdkCall(
  serviceId: string,
  commandName: string,
  input: Readonly<Record<string, unknown>>,
  identity: CallerIdentity,
): void {
  for (const { action, resource } of accessFor(serviceId, commandName, { ...input }, identity.arn)) {
    authorize(identity, action, resource);
  }
}

/** The checks for one command of a client. */
function check(client: SdkClient, command: SdkCommand, identity: CallerIdentity): void {
  const serviceId = client.config?.serviceId;
  if (typeof serviceId !== 'string') throw new Error('cannot guard an SDK client without config.serviceId');
  const input = typeof command.input === 'object' && command.input !== null ? command.input : {};
  authorizeSdkCall(serviceId, command.constructor.name, input as Record<string, unknown>, identity);
}

/**
 * Patches the `send` method of the AWS SDK v3 client classes given (their shared smithy base prototype, once per
 * distinct prototype), so that every command sent while `current()` returns an identity is authorized first; with
 * no identity (the runtime's own admin calls) nothing is checked. Returns a function that undoes the patch
 * (idempotent; undo nested guards in reverse order).
 */
export function guardSdkClients(
  clients: readonly SdkClientClass[],
  current: () => CallerIdentity | undefined,
): () => void {
  // All prototypes are found and checked before any is patched, so a bad argument leaves nothing half-patched.
  const patched = new Map<object, PropertyDescriptor>();
  for (const client of clients) {
    const owner = sendOwner(client);
    const descriptor = Object.getOwnPropertyDescriptor(owner, 'send');
    if (typeof descriptor?.value !== 'function') throw new Error(`${client.name}: send is not a method`);
    patched.set(owner, descriptor);
  }
  for (const [owner, descriptor] of patched) {
    const original = descriptor.value as Send;
    const guarded: Send = function (this, command, ...rest) {
      const identity = current();
      if (identity) {
        try {
          check(this, command, identity);
        } catch (error) {
          // send(command, cb) and send(command, options, cb) report through the callback instead of a promise.
          const callback = rest.findLast((argument) => typeof argument === 'function');
          if (typeof callback === 'function') {
            queueMicrotask(() => callback(error));
            return undefined;
          }
          return Promise.reject(error);
        }
      }
      return original.call(this, command, ...rest);
    };
    Object.defineProperty(owner, 'send', { ...descriptor, value: guarded });
  }
  return () => {
    for (const [owner, descriptor] of patched) Object.defineProperty(owner, 'send', descriptor);
    patched.clear();
  };
}
