/** What the OpenAPI document says of one route: its parameters, body and answers (./contracts.ts fills them). */
import type * as z from 'zod/mini';

/** Any zod (mini) schema; toJSONSchema accepts them all. */
type Schema = z.ZodMiniType;

export interface Contract {
  summary: string;
  params?: Record<string, Schema>;
  query?: z.ZodMiniObject;
  headers?: Record<string, { schema: Schema; required: boolean; description: string }>;
  body?: Schema;
  /** The request body's media type. @default 'application/json' (Alipay notifies with a form) */
  bodyMediaType?: string;
  /**
   * Status → description and body schema (none for an empty body). Error statuses use the error shape. `text` is a
   * plain-text answer instead (what a payment channel expects to read back, e.g. Alipay's `success`).
   */
  responses: Record<number, { description: string; schema?: Schema; csv?: CsvAnswer; text?: string }>;
}

/** The same answer as CSV, when the caller sends `Accept: text/csv` (the finance exports). */
export interface CsvAnswer {
  /** The header row, in order. */
  columns: readonly string[];
  /** What the rows are, for the document. */
  description: string;
}
