/**
 * Generates the OpenAPI 3.1 document from ./routes.ts and the zod schemas in ./contracts.ts, with zod 4's own
 * `toJSONSchema` (OpenAPI 3.1 schemas are JSON Schema 2020-12, its default target). This keeps handlers on
 * zod/mini; @asteasolutions/zod-to-openapi would need full zod schemas and its ~440 KB of locales.
 */
import * as z from 'zod/mini';
import { COMPONENTS, CONTRACTS } from './contracts.ts';
import { ROUTES, type Route } from './routes.ts';

type Json = Record<string, unknown>;

/** Components are matched by identity, so every use of a named schema becomes a $ref. */
function schemaOf(schema: z.ZodMiniType, io: 'input' | 'output'): Json {
  const name = Object.entries(COMPONENTS).find(([, s]) => s === schema)?.[0];
  if (name) return { $ref: `#/components/schemas/${name}` };
  return jsonSchema(schema, io);
}

function jsonSchema(schema: z.core.$ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

function operation(route: Route): Json {
  const contract = CONTRACTS[route.id];
  const security = route.public ? [] : [{ bearer: [] }];
  if (!contract) {
    return { operationId: route.id, summary: 'Undocumented', security, responses: { default: errorResponse('Error') } };
  }
  const parameters = [
    ...Object.entries(contract.params ?? {}).map(([name, s]) => ({
      name,
      in: 'path',
      required: true,
      schema: jsonSchema(s, 'input'),
    })),
    ...Object.entries(contract.query?.shape ?? {}).map(([name, s]) => ({
      name,
      in: 'query',
      required: false,
      schema: jsonSchema(s, 'input'),
    })),
    ...Object.entries(contract.headers ?? {}).map(([name, h]) => ({
      name,
      in: 'header',
      required: h.required,
      description: h.description,
      schema: jsonSchema(h.schema, 'input'),
    })),
  ];
  const responses = Object.fromEntries(
    Object.entries(contract.responses).map(([status, r]) => [
      status,
      r.schema
        ? { description: r.description, content: { 'application/json': { schema: schemaOf(r.schema, 'output') } } }
        : { description: r.description },
    ]),
  );
  return {
    operationId: route.id,
    summary: contract.summary,
    security,
    ...(parameters.length ? { parameters } : {}),
    ...(contract.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(contract.body, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** The whole document. Deterministic, so `npm run openapi` yields no diff unless a contract changed. */
export function buildOpenApi(): Json {
  const paths: Record<string, Json> = {};
  for (const route of ROUTES) {
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operation(route);
  }
  const schemas = Object.fromEntries(
    Object.entries(COMPONENTS).map(([name, s]) => [name, jsonSchema(s, name === 'Error' ? 'output' : 'input')]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Refund pipeline API',
      version: '1',
      description:
        'Money in integer minor units; times ISO-8601 UTC; errors are { error: { code, message, details? } }.',
    },
    paths,
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}
