/**
 * The one route table: CDK builds a function and an HTTP API route from each entry, the local gateway dispatches
 * to the same handler modules, the HTTP wrapper enforces each route's roles, and the OpenAPI document is generated
 * from it.
 * Paths use API Gateway's `{param}` syntax.
 */

import type { Role } from '../domain/vocabulary.ts';
import type { FunctionSpec } from '../manifest.ts';

export type Method = 'GET' | 'POST' | 'PUT';

export type { Needs } from '../manifest.ts';

interface RouteBase extends FunctionSpec {
  method: Method;
  path: string;
}

/**
 * A route is either public (no JWT: the health check, this document and the signed payment webhook) or names the
 * roles that may call it; the HTTP wrapper enforces them (403 otherwise) and the OpenAPI document lists them.
 */
export type Route = RouteBase & ({ public: true; roles?: never } | { public?: false; roles: readonly Role[] });

export const ROUTES: readonly Route[] = [
  { id: 'Health', method: 'GET', path: '/health', entry: 'functions/api/health.ts', public: true, needs: {} },
  {
    id: 'PutOrder',
    method: 'PUT',
    path: '/v1/orders/{orderId}',
    entry: 'functions/api/orders/put-order.ts',
    roles: ['system'],
    needs: { main: 'write' },
  },
  {
    id: 'CreateRefund',
    method: 'POST',
    path: '/v1/refunds',
    entry: 'functions/api/refunds/create.ts',
    roles: ['buyer'],
    needs: { main: 'write', workflow: 'start' },
  },
  {
    id: 'GetRefund',
    method: 'GET',
    path: '/v1/refunds/{refundId}',
    entry: 'functions/api/refunds/get.ts',
    roles: ['buyer'],
    needs: { main: 'read' },
  },
  {
    id: 'ListRefunds',
    method: 'GET',
    path: '/v1/refunds',
    entry: 'functions/api/refunds/list.ts',
    roles: ['buyer'],
    needs: { main: 'read' },
  },
  {
    id: 'CancelRefund',
    method: 'POST',
    path: '/v1/refunds/{refundId}/cancel',
    entry: 'functions/api/refunds/cancel.ts',
    roles: ['buyer'],
    needs: { main: 'write', workflow: 'stop' },
  },
  {
    id: 'ReturnShipment',
    method: 'POST',
    path: '/v1/refunds/{refundId}/return-shipment',
    entry: 'functions/api/refunds/return-shipment.ts',
    roles: ['buyer'],
    needs: { main: 'write', workflow: 'resume', notify: true },
  },
  {
    id: 'DisputeRefund',
    method: 'POST',
    path: '/v1/refunds/{refundId}/dispute',
    entry: 'functions/api/refunds/dispute.ts',
    roles: ['buyer'],
    needs: { main: 'write', workflow: 'resume' },
  },
  {
    id: 'MerchantRefunds',
    method: 'GET',
    path: '/v1/merchant/refunds',
    entry: 'functions/api/merchant/list.ts',
    roles: ['merchant'],
    needs: { main: 'read' },
  },
  {
    id: 'MerchantDecision',
    method: 'POST',
    path: '/v1/merchant/refunds/{refundId}/decision',
    entry: 'functions/api/merchant/decision.ts',
    roles: ['merchant'],
    needs: { main: 'write', workflow: 'resume', notify: true },
  },
  {
    id: 'ReturnReceived',
    method: 'POST',
    path: '/v1/merchant/refunds/{refundId}/return-received',
    entry: 'functions/api/merchant/return-received.ts',
    roles: ['merchant'],
    needs: { main: 'write', workflow: 'resume', notify: true },
  },
  {
    id: 'MerchantStats',
    method: 'GET',
    path: '/v1/merchant/stats',
    entry: 'functions/api/merchant/stats.ts',
    roles: ['merchant'],
    needs: { main: 'read' },
  },
  {
    id: 'ReviewTasks',
    method: 'GET',
    path: '/v1/review/tasks',
    entry: 'functions/api/review/tasks.ts',
    roles: ['reviewer'],
    needs: { main: 'read' },
  },
  {
    id: 'ReviewDecision',
    method: 'POST',
    path: '/v1/review/tasks/{taskId}/decision',
    entry: 'functions/api/review/decision.ts',
    roles: ['reviewer'],
    needs: { main: 'write', workflow: 'resume', notify: true },
  },
  {
    id: 'ReviewerAvailability',
    method: 'PUT',
    path: '/v1/review/availability',
    entry: 'functions/api/review/availability.ts',
    roles: ['reviewer'],
    needs: { main: 'write' },
  },
  {
    id: 'PaymentWebhook',
    method: 'POST',
    path: '/v1/payments/webhook',
    entry: 'functions/api/payments/webhook.ts',
    public: true,
    needs: { main: 'write', ledger: 'append', notify: true, webhookSecret: true, payments: 'record' },
  },
  {
    id: 'FinanceLedger',
    method: 'GET',
    path: '/v1/finance/ledger',
    entry: 'functions/api/finance/ledger.ts',
    roles: ['finance'],
    needs: { ledger: 'read' },
  },
  {
    id: 'FinanceReconciliation',
    method: 'GET',
    path: '/v1/finance/reconciliation',
    entry: 'functions/api/finance/reconciliation.ts',
    roles: ['finance'],
    needs: { ledger: 'read' },
  },
  {
    id: 'RefundOptions',
    method: 'GET',
    path: '/v1/orders/{orderId}/refund-options',
    entry: 'functions/api/orders/refund-options.ts',
    roles: ['buyer'],
    needs: { main: 'read' },
  },
  {
    id: 'RequestEvidenceUpload',
    method: 'POST',
    path: '/v1/refunds/{refundId}/evidence',
    entry: 'functions/api/refunds/evidence.ts',
    roles: ['buyer'],
    needs: { main: 'write', evidence: 'put' },
  },
  {
    id: 'OpenApi',
    method: 'GET',
    path: '/openapi.json',
    entry: 'functions/api/openapi-handler.ts',
    public: true,
    needs: {},
  },
  {
    id: 'ListFinanceAlerts',
    method: 'GET',
    path: '/v1/finance/alerts',
    entry: 'functions/api/finance/alerts.ts',
    roles: ['finance'],
    needs: { main: 'read' },
  },
];
