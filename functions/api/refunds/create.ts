/**
 * `POST /v1/refunds`: a buyer applies for a refund.
 *
 * Idempotency (Powertools): the key is the caller plus the `Idempotency-Key` header, the validated body is hashed
 * so the same key with another body is 422. Successful answers are kept for 24 hours
 * (IDEMPOTENCY_TTL_SECONDS); errors are never kept, so a retry runs again. The refund id is derived from the same
 * key, so even a retry after a crash between "stored" and "started" finds the same refund and only starts it.
 */
import { createHash } from 'node:crypto';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { IDEMPOTENCY_TABLE } from '../../adapters/dynamodb/tables.ts';
import { adapter, defaultAdapter } from '../../adapters/index.ts';
import { StepFunctionsWorkflow } from '../../adapters/stepfunctions/workflow.ts';
import { optionalEnv, requireEnv } from '../../config.ts';
import { newRefund } from '../../domain/application.ts';
import { IdempotencyKeyReused, NotFound } from '../../domain/errors.ts';
import type { Locale } from '../../domain/labels.ts';
import { httpHandler, parse, type Reply } from '../../http/handler.ts';
import { type CreateRefundBody, createRefundSchema, idempotencyKeySchema } from '../../schemas/refund.ts';
import { presentRefund } from './present.ts';

defaultAdapter('store', () => new DynamoRefundStore());
defaultAdapter('workflow', () => new StepFunctionsWorkflow());

interface ApplyInput {
  sub: string;
  key: string;
  body: CreateRefundBody;
  locale: Locale;
}

/** Same caller and key → same refund id, so a retried request can never create a second refund. */
export function refundIdFor(sub: string, key: string): string {
  return `rf_${createHash('sha256').update(`${sub}\u0000${key}`).digest('base64url').slice(0, 22)}`;
}

async function apply({ sub, key, body, locale }: ApplyInput): Promise<Reply> {
  const store = adapter('store');
  const order = await store.getOrder(body.orderId);
  if (!order) throw new NotFound('order');
  const now = adapter('clock').now().toISOString();
  const refund = newRefund(refundIdFor(sub, key), order, sub, body, now);
  const created = await store.createRefund(refund, order);
  const stored = created ? refund : await store.getRefund(refund.refundId);
  if (!stored) throw new NotFound('refund');
  await adapter('workflow').start(stored.refundId);
  return { statusCode: 201, body: presentRefund(stored, locale) };
}

/**
 * The stored answer is the serialised body, so a replay is byte-for-byte the first answer. Only successes are
 * stored: an error removes the in-progress record, so refused input leaves nothing behind and a retry re-runs.
 */
async function applyAndSerialise(input: ApplyInput): Promise<StoredReply> {
  const reply = await apply(input);
  return { statusCode: reply.statusCode, text: JSON.stringify(reply.body) };
}

interface StoredReply {
  statusCode: number;
  text: string;
}

let applyOnce: ((input: ApplyInput) => Promise<StoredReply>) | undefined;
let idempotencyConfig: IdempotencyConfig | undefined;

function idempotentApply(context: Context): (input: ApplyInput) => Promise<StoredReply> {
  idempotencyConfig ??= new IdempotencyConfig({
    eventKeyJmesPath: '[sub, key]',
    payloadValidationJmesPath: 'body',
    expiresAfterSeconds: Number(optionalEnv('IDEMPOTENCY_TTL_SECONDS', '86400')),
    throwOnNoIdempotencyKey: true,
  });
  idempotencyConfig.registerLambdaContext(context);
  applyOnce ??= makeIdempotent(applyAndSerialise, {
    persistenceStore: new DynamoDBPersistenceLayer({ tableName: requireEnv(IDEMPOTENCY_TABLE.envVar) }),
    config: idempotencyConfig,
  });
  return applyOnce;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A concurrent twin of this request is running: wait for its stored answer instead of failing. */
async function applyWaitingForTwin(input: ApplyInput, context: Context): Promise<StoredReply> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await idempotentApply(context)(input);
    } catch (error) {
      if (error instanceof IdempotencyValidationError) throw new IdempotencyKeyReused();
      if (!(error instanceof IdempotencyAlreadyInProgressError) || attempt >= 40) throw error;
      await sleep(Math.min(25 * 2 ** Math.min(attempt, 4), 250));
    }
  }
}

export const handler = httpHandler({ roles: ['buyer'] }, async ({ event, context, principal, locale, body }) => {
  const key = parse(idempotencyKeySchema, event.headers?.['idempotency-key'], 'Idempotency-Key header');
  const application = parse(createRefundSchema, body);
  const { statusCode, text } = await applyWaitingForTwin(
    { sub: principal.sub, key, body: application, locale },
    context,
  );
  return { statusCode, raw: text };
});
