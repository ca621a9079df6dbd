/**
 * Contracts of the inspector's routes (third-party inspection of returned goods, docs/api.md "Inspector"). Same
 * shape as ./contracts.ts, which merges them in.
 */
import * as z from 'zod/mini';
import { INSPECTION_VERDICTS } from '../domain/policy/schema.ts';
import { errorSchema, id } from '../schemas/common.ts';
import { inspectionResultSchema } from '../schemas/lifecycle.ts';
import { inspectionSchema, refundSchema } from '../schemas/refund.ts';
import { messageSchema } from '../schemas/thread.ts';
import type { Contract } from './contract.ts';

const err = (description: string) => ({ description, schema: errorSchema });

const evidenceItemSchema = refundSchema.shape.evidence.def.innerType;

const inspectionTaskSchema = z.object({
  taskId: z.string(),
  refundId: z.string(),
  kind: z.literal('INSPECTION'),
  status: z.string(),
  createdAt: z.string(),
  /** The inspector's deadline: past it the task goes to another inspector, then to a reviewer. */
  dueBy: z.string(),
  /** The inspector holding it (the caller). */
  reviewerId: z.string(),
  /** The refund as the buyer claimed it (reason, note, amount, items) with its timeline; null if it is gone. */
  refund: z.unknown(),
  inspection: z.optional(z.nullable(inspectionSchema)),
  evidence: z.optional(evidenceItemSchema),
  /** How the goods came back. */
  returnShipment: z.optional(z.unknown()),
  /** The latest messages of the refund's negotiation thread (at most 50), oldest first. */
  thread: z.optional(z.array(messageSchema)),
});

export const INSPECTION_CONTRACTS: Record<string, Contract> = {
  InspectionTasks: {
    summary: "The caller's open inspections of returned goods, each with the refund, evidence, thread and deadline",
    responses: {
      200: { description: 'Tasks', schema: z.object({ items: z.array(inspectionTaskSchema) }) },
      400: err('Bad input (VALIDATION_FAILED: this route takes no query)'),
      401: err('Missing or bad bearer token'),
      403: err('The role may not call this route'),
    },
  },
  InspectionResult: {
    summary:
      'Record the verdict on returned goods (accepted once): AS_CLAIMED, NOT_AS_CLAIMED or INCONCLUSIVE, which leads where the policy says',
    params: { taskId: id() },
    body: inspectionResultSchema,
    responses: {
      200: {
        description: 'Recorded; the refund went on as the verdict rule says',
        schema: z.object({
          taskId: z.string(),
          verdict: z.enum(INSPECTION_VERDICTS),
          refundId: z.string(),
          status: z.string(),
        }),
      },
      400: err(
        "Bad input (VALIDATION_FAILED, MALFORMED_JSON, MALFORMED_BODY; evidenceIds not the refund's own); nothing was written",
      ),
      401: err('Missing or bad bearer token'),
      403: err('The role may not call this route'),
      404: err("Unknown, or not the caller's task (never revealed)"),
      409: err('TASK_CLOSED or NOT_WAITING: a verdict was recorded already, or the deadline reassigned the task'),
    },
  },
};
