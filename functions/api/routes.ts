/**
 * The one route table: CDK builds a function and an HTTP API route from each entry, the local gateway dispatches
 * to the same handler modules, and the OpenAPI test checks every route is documented.
 * Paths use API Gateway's `{param}` syntax.
 */

export type Method = 'GET' | 'POST' | 'PUT';

/** What a function may touch; the stack grants exactly this and nothing more. */
export interface Needs {
  main?: 'read' | 'write';
  idempotency?: boolean;
  ledger?: 'read' | 'append';
  /** Start executions, or resume/fail task tokens. */
  workflow?: 'start' | 'resume';
  evidence?: 'put' | 'read';
  notify?: boolean;
}

export interface Route {
  /** Construct id of the function; stable, PascalCase. */
  id: string;
  method: Method;
  path: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  /** No JWT: the health check and the signed payment webhook only. */
  public?: boolean;
  needs: Needs;
}

export const ROUTES: readonly Route[] = [
  { id: 'Health', method: 'GET', path: '/health', entry: 'functions/api/health.ts', public: true, needs: {} },
  {
    id: 'PutOrder',
    method: 'PUT',
    path: '/v1/orders/{orderId}',
    entry: 'functions/api/orders/put-order.ts',
    needs: { main: 'write' },
  },
  {
    id: 'CreateRefund',
    method: 'POST',
    path: '/v1/refunds',
    entry: 'functions/api/refunds/create.ts',
    needs: { main: 'write', idempotency: true, workflow: 'start' },
  },
  {
    id: 'GetRefund',
    method: 'GET',
    path: '/v1/refunds/{refundId}',
    entry: 'functions/api/refunds/get.ts',
    needs: { main: 'read' },
  },
  {
    id: 'ListRefunds',
    method: 'GET',
    path: '/v1/refunds',
    entry: 'functions/api/refunds/list.ts',
    needs: { main: 'read' },
  },
  {
    id: 'ListFinanceAlerts',
    method: 'GET',
    path: '/v1/finance/alerts',
    entry: 'functions/api/finance/alerts.ts',
    needs: { main: 'read' },
  },
];
