/**
 * Generates the OpenAPI 3.1 document from ./routes.ts and the zod schemas in ./contracts.ts, with zod 4's own
 * `toJSONSchema` (OpenAPI 3.1 schemas are JSON Schema 2020-12, its default target). This keeps handlers on
 * zod/mini; @asteasolutions/zod-to-openapi would need full zod schemas and its ~440 KB of locales.
 */

import * as z from 'zod/mini';
import { SYSTEM_SCOPE } from '../http/principal.ts';
import type { Route } from '../manifest.ts';
import { CORRELATION_HEADER } from '../observability/invocation.ts';
import { DOCUMENTED_AS } from '../schemas/common.ts';
import { COMPONENTS, CONTRACTS } from './contracts.ts';
import { EXAMPLES } from './examples.ts';
import { ROUTES } from './routes.ts';

type Json = Record<string, unknown>;

/** Components are matched by identity, so every use of a named schema becomes a $ref. */
function schemaOf(schema: z.ZodMiniType, io: 'input' | 'output'): Json {
  const name = Object.entries(COMPONENTS).find(([, s]) => s === schema)?.[0];
  if (name) return { $ref: `#/components/schemas/${name}` };
  return jsonSchema(schema, io);
}

/** What a query parameter is documented as when its wire form (a string) is not what it means (an integer). */
function documentedAs(schema: z.core.$ZodType): Json | undefined {
  const inner = schema instanceof z.ZodMiniOptional ? schema.def.innerType : schema;
  return DOCUMENTED_AS.get(inner);
}

function jsonSchema(schema: z.core.$ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

/** Components that are request bodies; every other component is an answer. */
const REQUEST_BODIES = new Set(['OrderFacts', 'RefundApplication', 'EvidenceRequest']);

/** Who calls: the tag an integrator looks under, and how the caller authenticates. */
function audience(route: Route): { tag: string; security: Json[]; who: string } {
  if (route.id === 'PaymentWebhook') {
    return { tag: 'provider', security: [{ webhookSignature: [] }], who: 'the payment provider (HMAC signature)' };
  }
  if (route.public) return { tag: 'public', security: [], who: 'anyone' };
  if (route.roles.includes('system')) {
    return {
      tag: 'system',
      security: [{ orderSystem: [SYSTEM_SCOPE] }],
      who: `the order system (client-credentials access token, scope ${SYSTEM_SCOPE})`,
    };
  }
  return {
    tag: route.roles[0] ?? 'buyer',
    security: [{ idToken: [] }],
    who: `${route.roles.join(' or ')} (Cognito ID token; role = group)`,
  };
}

function operation(route: Route): Json {
  const contract = CONTRACTS[route.id];
  const { tag, security, who } = audience(route);
  if (!contract) {
    return {
      operationId: route.id,
      summary: 'Undocumented',
      tags: [tag],
      security,
      responses: { default: errorResponse('Error') },
    };
  }
  const requiredQuery = contract.query
    ? ((jsonSchema(contract.query, 'input').required as string[] | undefined) ?? [])
    : [];
  const parameters = [
    ...Object.entries(contract.params ?? {}).map(([name, s]) => ({
      name,
      in: 'path',
      required: true,
      schema: jsonSchema(s, 'input'),
    })),
    ...Object.entries(contract.query?.shape ?? {}).map(([name, s]) => {
      const schema = documentedAs(s) ?? jsonSchema(s, 'input');
      // A parameter's meaning (e.g. which time zone a date is in) is its description, shown beside it.
      const description = typeof schema.description === 'string' ? schema.description : undefined;
      return {
        name,
        in: 'query',
        required: requiredQuery.includes(name),
        ...(description ? { description } : {}),
        schema,
      };
    }),
    ...Object.entries(contract.headers ?? {}).map(([name, h]) => ({
      name,
      in: 'header',
      required: h.required,
      description: h.description,
      schema: jsonSchema(h.schema, 'input'),
    })),
  ];
  const responses: Record<string, Json> = {
    // What any route may answer besides its own outcomes: bad input, and (protected routes) who may call.
    '400': errorResponse(
      'Bad input (VALIDATION_FAILED, MALFORMED_JSON, MALFORMED_BODY, MALFORMED_PATH); nothing written',
    ),
    ...(route.public
      ? {}
      : {
          '401': errorResponse('UNAUTHORIZED: missing, malformed, expired or foreign token'),
          '403': errorResponse(`FORBIDDEN: the caller's role is not ${route.roles.join(' or ')}`),
        }),
    ...(contract.body ? { '413': errorResponse('BODY_TOO_LARGE: body over 64 KB') } : {}),
    ...Object.fromEntries(
      Object.entries(contract.responses).map(([status, r]) => {
        const example = EXAMPLES[`${route.id} ${status}`];
        const media = {
          schema: r.schema && schemaOf(r.schema, 'output'),
          ...(example === undefined ? {} : { example }),
        };
        // A CSV export is the same answer in another media type: a string with a header row.
        const csv = r.csv
          ? {
              'text/csv': {
                schema: { type: 'string', description: `${r.csv.description} Columns: ${r.csv.columns.join(', ')}.` },
                example: `${r.csv.columns.join(',')}\r\n`,
              },
            }
          : {};
        if (r.text !== undefined) {
          return [
            status,
            { description: r.description, content: { 'text/plain': { schema: { type: 'string' }, example: r.text } } },
          ];
        }
        return [
          status,
          r.schema
            ? { description: r.description, content: { 'application/json': media, ...csv } }
            : { description: r.description },
        ];
      }),
    ),
    '500': {
      description: "INTERNAL: a fault on our side, logged (or API Gateway's own { message } when the function failed)",
      content: {
        'application/json': {
          schema: {
            anyOf: [
              { $ref: '#/components/schemas/Error' },
              { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
            ],
          },
        },
      },
    },
  };
  // Every answer a function gives carries the correlation id (functions/observability/invocation.ts); a 401 comes
  // from the JWT authorizer before any function runs, so it has none.
  for (const [status, response] of Object.entries(responses)) {
    if (status !== '401') response.headers = { [CORRELATION_HEADER]: { $ref: '#/components/headers/CorrelationId' } };
  }
  const codes = Object.entries(responses)
    .filter(([status]) => Number(status) >= 400)
    .map(([status, r]) => `- ${status}: ${String(r.description)}`)
    .join('\n');
  return {
    operationId: route.id,
    summary: contract.summary,
    description: `${contract.summary}.\n\nWho may call: ${who}.\n\nErrors:\n${codes}`,
    tags: [tag],
    'x-roles': route.public ? [] : route.roles,
    security,
    parameters: [...parameters, { $ref: '#/components/parameters/CorrelationId' }],
    ...(contract.body
      ? {
          requestBody: {
            required: true,
            content: { [contract.bodyMediaType ?? 'application/json']: { schema: schemaOf(contract.body, 'input') } },
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
    // Request bodies are documented as accepted (input); everything answered as produced (output), which closes
    // objects: a field the API returns but the document does not declare is an error, not a silent extra.
    Object.entries(COMPONENTS).map(([name, s]) => [name, jsonSchema(s, REQUEST_BODIES.has(name) ? 'input' : 'output')]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Refund pipeline API',
      version: '1',
      description:
        'Money in integer minor units; times ISO-8601 UTC; errors are { error: { code, message, details? } }. ' +
        'People send their Cognito ID token, the order system a client-credentials access token, the payment ' +
        'provider an HMAC signature. docs/api.md walks through it.',
      license: { name: 'UNLICENSED (private)', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [
      { url: 'http://127.0.0.1:3000', description: 'npm start (local mode)' },
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
        description: 'Deployed stack (the ApiUrl output)',
        variables: { apiId: { default: 'apiId' }, region: { default: 'ap-southeast-1' } },
      },
    ],
    tags: [
      { name: 'buyer', description: 'Buyers: options, apply, follow, evidence, returns, disputes' },
      { name: 'merchant', description: 'Merchants: their queue, decisions, received returns, stats' },
      { name: 'reviewer', description: 'Reviewers: tasks, decisions, availability' },
      { name: 'inspector', description: 'Inspectors: third-party inspection of returned goods, verdicts' },
      { name: 'finance', description: 'Finance: alerts, ledger, reconciliation' },
      { name: 'system', description: 'The order system: order facts' },
      { name: 'provider', description: 'The payment provider: settlement callbacks' },
      { name: 'public', description: 'Health and this document' },
    ],
    paths,
    components: {
      schemas,
      parameters: {
        CorrelationId: {
          name: CORRELATION_HEADER,
          in: 'header',
          required: false,
          description:
            'Your id for this request, to find it in our logs and traces (letters, digits and ._:=+/-, at most 128). ' +
            'Without one, or a malformed one, the API Gateway request id is used.',
          schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:=+/-]{0,127}$' },
        },
      },
      headers: {
        CorrelationId: {
          description:
            'The id this request is logged and traced under (yours, or the API Gateway request id): quote it to support.',
          schema: { type: 'string' },
        },
      },
      securitySchemes: {
        idToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: "A person's Cognito ID token: cognito:groups gives the role, custom:merchant_id the merchant.",
        },
        orderSystem: {
          type: 'oauth2',
          description: "The order system's app client, client-credentials grant at the TokenEndpoint stack output.",
          flows: {
            clientCredentials: {
              tokenUrl: 'https://refunds-dev-ACCOUNT.auth.REGION.amazoncognito.com/oauth2/token',
              scopes: { [SYSTEM_SCOPE]: 'Push order facts' },
            },
          },
        },
        webhookSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'x-refund-signature',
          description: 't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>"> with the shared webhook secret.',
        },
      },
    },
  };
}
