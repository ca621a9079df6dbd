/**
 * Validates refund events against the published JSON Schemas (events/schemas/<type>.json, draft 2020-12) with ajv,
 * as an integrator would: the files on disk, not the builder that wrote them.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { REFUND_EVENT_TYPES } from '../../functions/domain/events/refund-event.ts';

export const SCHEMA_DIR = resolve(import.meta.dirname, '..', '..', 'events', 'schemas');

const ajv = new Ajv2020({ allErrors: true, strict: true });
// ajv-formats is not a dependency: date-time is checked as RFC 3339 here.
ajv.addFormat('date-time', {
  type: 'string',
  validate: (value: string) =>
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value) && !Number.isNaN(Date.parse(value)),
});

const validators = new Map<string, ValidateFunction>(
  REFUND_EVENT_TYPES.map((type) => [
    type,
    ajv.compile(JSON.parse(readFileSync(resolve(SCHEMA_DIR, `${type}.json`), 'utf8'))),
  ]),
);

/** The schema errors of `event` (by its own `type`); empty when it validates. */
export function schemaErrors(event: { type?: unknown }): string[] {
  const validate = validators.get(String(event.type));
  if (!validate) return [`no schema for type ${String(event.type)}`];
  return validate(event) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
