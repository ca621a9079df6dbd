/**
 * Checks every answer of the local gateway against the committed OpenAPI document (openapi.json): the status must
 * be documented for the operation and a JSON body must match its schema (ajv, JSON Schema 2020-12 as OpenAPI 3.1
 * uses). The test runtimes turn it on, so an undeclared field, an undocumented status or a wrong type anywhere in
 * the integration, reliability and e2e suites fails the request, and with it the test.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Route } from '../functions/manifest.ts';

type Json = Record<string, unknown>;

export interface ContractViolation {
  operation: string;
  status: number;
  problem: string;
}

export class ResponseContract {
  private readonly document: Json;
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(path = resolve(import.meta.dirname, '..', 'openapi.json')) {
    this.document = JSON.parse(readFileSync(path, 'utf8')) as Json;
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    (addFormats as unknown as (ajv: Ajv2020) => void)(this.ajv);
    this.ajv.addSchema({ ...(this.document.components as Json), $id: 'openapi.json' }, 'openapi.json');
  }

  /** Undefined when the answer is what the document says route `route` may answer. */
  check(
    route: Route,
    status: number,
    contentType: string | undefined,
    body: string | undefined,
  ): ContractViolation | undefined {
    const operation = `${route.method} ${route.path}`;
    const op = ((this.document.paths as Record<string, Json>)[route.path]?.[route.method.toLowerCase()] ?? undefined) as
      | { responses?: Record<string, { content?: Record<string, { schema?: Json }> }> }
      | undefined;
    if (!op) return { operation, status, problem: 'the operation is not in openapi.json' };
    const documented =
      op.responses?.[String(status)] ?? op.responses?.[`${String(status)[0]}XX`] ?? op.responses?.default;
    if (!documented) return { operation, status, problem: `status ${status} is not documented` };
    if (contentType?.startsWith('text/csv') && documented.content?.['text/csv']) return undefined;
    if (contentType?.startsWith('text/plain') && documented.content?.['text/plain']) return undefined;
    const schema = documented.content?.['application/json']?.schema;
    if (!schema) {
      return body ? { operation, status, problem: 'a body is returned where the document declares none' } : undefined;
    }
    if (!contentType?.startsWith('application/json')) {
      return { operation, status, problem: `content-type ${contentType ?? 'none'} where JSON is documented` };
    }
    const key = `${operation} ${status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(this.rebase(schema));
      this.compiled.set(key, validate);
    }
    let value: unknown;
    try {
      value = body ? JSON.parse(body) : undefined;
    } catch {
      return { operation, status, problem: 'the body is not JSON' };
    }
    if (validate(value)) {
      this.capture(route, status, value);
      return undefined;
    }
    const problems = (validate.errors ?? [])
      .slice(0, 5)
      .map(
        (e) =>
          `${e.instancePath || '/'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
      );
    return { operation, status, problem: problems.join('; ') };
  }

  /**
   * With OPENAPI_EXAMPLES_DIR set (`npm run openapi:examples`), the first valid answer of each operation and
   * status is written there, one file per test process: real answers from the suites become the document's examples.
   */
  private capture(route: Route, status: number, value: unknown): void {
    const dir = process.env.OPENAPI_EXAMPLES_DIR;
    if (!dir || value === undefined || status >= 300) return;
    const file = join(dir, `examples-${process.pid}.json`);
    const examples = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
    const key = `${route.id} ${status}`;
    if (key in examples) return;
    examples[key] = value;
    writeFileSync(file, `${JSON.stringify(examples, null, 2)}\n`);
  }

  /** `#/components/schemas/X` refers to the components registered as `openapi.json`. */
  private rebase(schema: Json): Json {
    return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/')) as Json;
  }
}
