/**
 * The one route table: CDK builds a function and an HTTP API route from each entry, the local gateway dispatches
 * to the same handler modules, the HTTP wrapper enforces each route's roles, and the OpenAPI document is generated
 * from it.
 * Paths use API Gateway's `{param}` syntax.
 */

import { MAIN, type Route } from '../manifest.ts';

export const ROUTES: readonly Route[] = [
  { id: 'Health', method: 'GET', path: '/health', entry: 'functions/api/health.ts', public: true, needs: {} },
  {
    id: 'PutOrder',
    method: 'PUT',
    path: '/v1/orders/{orderId}',
    entry: 'functions/api/orders/put-order.ts',
    roles: ['system'],
    needs: { main: MAIN.update },
  },
  {
    id: 'CreateRefund',
    method: 'POST',
    path: '/v1/refunds',
    entry: 'functions/api/refunds/create.ts',
    roles: ['buyer'],
    // Creating a refund puts its item (a transaction with the order's update); the rules decide in the same request
    // (telling the buyer and the merchant), an approval's payout is recorded, and the payout or lifecycle starts.
    needs: { main: MAIN.create, workflow: 'start', notify: true },
  },
  {
    id: 'GetRefund',
    method: 'GET',
    path: '/v1/refunds/{refundId}',
    entry: 'functions/api/refunds/get.ts',
    roles: ['buyer'],
    needs: { main: MAIN.read },
  },
  {
    id: 'ListRefunds',
    method: 'GET',
    path: '/v1/refunds',
    entry: 'functions/api/refunds/list.ts',
    roles: ['buyer'],
    // Queries byUser, then reads the page's refunds by key (BatchGetItem): the index projects a few attributes.
    needs: { main: [...MAIN.read, 'BatchGetItem'] },
  },
  {
    id: 'CancelRefund',
    method: 'POST',
    path: '/v1/refunds/{refundId}/cancel',
    entry: 'functions/api/refunds/cancel.ts',
    roles: ['buyer'],
    needs: { main: MAIN.update, workflow: 'stop' },
  },
  {
    id: 'ReturnShipment',
    method: 'POST',
    path: '/v1/refunds/{refundId}/return-shipment',
    entry: 'functions/api/refunds/return-shipment.ts',
    roles: ['buyer'],
    needs: { main: MAIN.update, workflow: 'resume', notify: true },
  },
  {
    id: 'DisputeRefund',
    method: 'POST',
    path: '/v1/refunds/{refundId}/dispute',
    entry: 'functions/api/refunds/dispute.ts',
    roles: ['buyer'],
    needs: { main: MAIN.update, workflow: 'resume' },
  },
  {
    id: 'MerchantRefunds',
    method: 'GET',
    path: '/v1/merchant/refunds',
    entry: 'functions/api/merchant/list.ts',
    roles: ['merchant'],
    // Queries the keys-only byMerchant index, then reads the page's refunds by key (BatchGetItem).
    needs: { main: [...MAIN.read, 'BatchGetItem'] },
  },
  {
    id: 'MerchantDecision',
    method: 'POST',
    path: '/v1/merchant/refunds/{refundId}/decision',
    entry: 'functions/api/merchant/decision.ts',
    roles: ['merchant'],
    needs: { main: MAIN.update, workflow: 'resume', notify: true },
  },
  {
    id: 'ReturnReceived',
    method: 'POST',
    path: '/v1/merchant/refunds/{refundId}/return-received',
    entry: 'functions/api/merchant/return-received.ts',
    roles: ['merchant'],
    needs: { main: MAIN.update, workflow: 'resume', notify: true },
  },
  {
    id: 'MerchantStats',
    method: 'GET',
    path: '/v1/merchant/stats',
    entry: 'functions/api/merchant/stats.ts',
    roles: ['merchant'],
    // The statistics are in the merchant's scorecard months (one BatchGetItem) and the item kept before those.
    needs: { main: [...MAIN.read, 'BatchGetItem'] },
  },
  {
    id: 'ReviewTasks',
    method: 'GET',
    path: '/v1/review/tasks',
    entry: 'functions/api/review/tasks.ts',
    roles: ['reviewer'],
    needs: { main: MAIN.read },
  },
  {
    id: 'ReviewDecision',
    method: 'POST',
    path: '/v1/review/tasks/{taskId}/decision',
    entry: 'functions/api/review/decision.ts',
    roles: ['reviewer'],
    needs: { main: MAIN.update, workflow: 'resume', notify: true },
  },
  {
    // Inspectors are assigned like reviewers: the same rotation route, each role in its own pool.
    id: 'ReviewerAvailability',
    method: 'PUT',
    path: '/v1/review/availability',
    entry: 'functions/api/review/availability.ts',
    roles: ['reviewer', 'inspector'],
    needs: { main: MAIN.update },
  },
  {
    // The console's toggle shows the server's state, not what the browser last sent (one GetItem).
    id: 'GetReviewerAvailability',
    method: 'GET',
    path: '/v1/review/availability',
    entry: 'functions/api/review/get-availability.ts',
    roles: ['reviewer', 'inspector'],
    needs: { main: MAIN.read },
  },
  {
    id: 'InspectionTasks',
    method: 'GET',
    path: '/v1/inspection/tasks',
    entry: 'functions/api/inspection/tasks.ts',
    roles: ['inspector'],
    needs: { main: MAIN.read },
  },
  {
    // Claims the inspection's wait (a conditional write, releasing the order's reservation on a rejection), closes
    // the task, resumes the execution and tells buyer and merchant the outcome.
    id: 'InspectionResult',
    method: 'POST',
    path: '/v1/inspection/tasks/{taskId}/result',
    entry: 'functions/api/inspection/result.ts',
    roles: ['inspector'],
    needs: { main: MAIN.update, workflow: 'resume', notify: true },
  },
  {
    id: 'PaymentWebhook',
    method: 'POST',
    path: '/v1/payments/webhook',
    entry: 'functions/api/payments/webhook.ts',
    public: true,
    // The sandbox stand-in's callback: it records under the sandbox's name, so it needs no channel map. Not in a
    // production stack, where the sandbox pays nothing (adapters/payments/deployed-sandbox.ts): whoever held its
    // HMAC secret could otherwise settle or fail any refund there.
    notInProduction: true,
    needs: { main: MAIN.update, ledger: 'append', notify: true, webhookSecret: true },
  },
  {
    // Alipay's asynchronous notification, signed with Alipay's key (RSA2): only the Alipay secret is readable.
    id: 'AlipayNotify',
    method: 'POST',
    path: '/v1/payments/alipay/notify',
    entry: 'functions/api/payments/alipay-notify.ts',
    public: true,
    needs: { main: MAIN.update, ledger: 'append', notify: true, channel: 'alipay' },
  },
  {
    // WeChat Pay's refund notification, signed by the platform key and encrypted with the API v3 key.
    id: 'WechatPayNotify',
    method: 'POST',
    path: '/v1/payments/wechat/notify',
    entry: 'functions/api/payments/wechat-notify.ts',
    public: true,
    needs: { main: MAIN.update, ledger: 'append', notify: true, channel: 'wechat' },
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
    id: 'FinanceDailyReport',
    method: 'GET',
    path: '/v1/finance/reports/daily',
    entry: 'functions/api/finance/daily-report.ts',
    roles: ['finance'],
    // The ledger, and the unresolved alerts (a Query on the main table's byState index, then the alerts by key).
    needs: { main: ['Query', 'BatchGetItem'], ledger: 'read' },
  },
  {
    id: 'RefundOptions',
    method: 'GET',
    path: '/v1/orders/{orderId}/refund-options',
    entry: 'functions/api/orders/refund-options.ts',
    roles: ['buyer'],
    needs: { main: MAIN.read },
  },
  {
    id: 'RequestEvidenceUpload',
    method: 'POST',
    path: '/v1/refunds/{refundId}/evidence',
    entry: 'functions/api/refunds/evidence.ts',
    roles: ['buyer'],
    needs: { main: MAIN.update, evidence: 'put' },
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
    // Queries byState (an alert's keys and assignee), then reads the page's alerts by key (BatchGetItem).
    needs: { main: [...MAIN.read, 'BatchGetItem'] },
  },
  {
    id: 'AcknowledgeFinanceAlert',
    method: 'POST',
    path: '/v1/finance/alerts/{alertId}/acknowledge',
    entry: 'functions/api/finance/acknowledge-alert.ts',
    roles: ['finance'],
    // Reads the alert (BatchGetItem) and puts it back conditionally on its version.
    needs: { main: [...MAIN.create, 'BatchGetItem'] },
  },
  {
    id: 'AssignFinanceAlert',
    method: 'POST',
    path: '/v1/finance/alerts/{alertId}/assign',
    entry: 'functions/api/finance/assign-alert.ts',
    roles: ['finance'],
    needs: { main: [...MAIN.create, 'BatchGetItem'] },
  },
  {
    id: 'ResolveFinanceAlert',
    method: 'POST',
    path: '/v1/finance/alerts/{alertId}/resolve',
    entry: 'functions/api/finance/resolve-alert.ts',
    roles: ['finance'],
    needs: { main: [...MAIN.create, 'BatchGetItem'] },
  },
  {
    id: 'RetryPayout',
    method: 'POST',
    path: '/v1/finance/payouts/{refundId}/retry',
    entry: 'functions/api/finance/retry-payout.ts',
    roles: ['finance'],
    // Asks the provider and may send a new attempt; the secret signs the sandbox stand-in's webhooks (as for Payout).
    needs: { main: MAIN.update, ledger: 'append', notify: true, payments: 'send' },
  },
  {
    id: 'PayoutDestination',
    method: 'POST',
    path: '/v1/refunds/{refundId}/payout-destination',
    entry: 'functions/api/refunds/payout-destination.ts',
    roles: ['buyer'],
    needs: { main: MAIN.update, ledger: 'append', notify: true, payments: 'send' },
  },
  {
    // A presigned GET of one evidence file: the refund and its review task read, the object read and decrypted.
    id: 'EvidenceReadUrl',
    method: 'GET',
    path: '/v1/refunds/{refundId}/evidence/{evidenceId}',
    entry: 'functions/api/refunds/evidence-read.ts',
    roles: ['buyer', 'merchant', 'reviewer', 'inspector'],
    needs: { main: MAIN.read, evidence: 'read' },
  },
  {
    id: 'ListMessages',
    method: 'GET',
    path: '/v1/refunds/{refundId}/messages',
    entry: 'functions/api/refunds/messages.ts',
    roles: ['buyer', 'merchant', 'reviewer', 'inspector'],
    // The refund (GetItem), the reviewer's task (GetItem) and the thread (a Query of the refund's partition).
    needs: { main: MAIN.read },
  },
  {
    id: 'PostMessage',
    method: 'POST',
    path: '/v1/refunds/{refundId}/messages',
    entry: 'functions/api/refunds/post-message.ts',
    roles: ['buyer', 'merchant', 'reviewer', 'inspector'],
    // One transaction: the message (PutItem) and its entry on the refund (UpdateItem); tells the other side.
    needs: { main: MAIN.create, notify: true },
  },
  {
    id: 'PutReturnAddress',
    method: 'PUT',
    path: '/v1/merchant/return-address',
    entry: 'functions/api/merchant/put-return-address.ts',
    roles: ['merchant'],
    // One item per merchant, replaced whole (PutItem).
    needs: { main: MAIN.create },
  },
  {
    id: 'GetReturnAddress',
    method: 'GET',
    path: '/v1/merchant/return-address',
    entry: 'functions/api/merchant/get-return-address.ts',
    roles: ['merchant'],
    needs: { main: MAIN.read },
  },
  {
    // The buyer's answer to a partial offer: one transaction takes the wait and, accepted, shrinks the refund and
    // gives the rest of its reservation back on the order (two UpdateItems); then the execution is resumed.
    id: 'AnswerOffer',
    method: 'POST',
    path: '/v1/refunds/{refundId}/offer',
    entry: 'functions/api/refunds/offer.ts',
    roles: ['buyer'],
    needs: { main: MAIN.update, workflow: 'resume', notify: true },
  },
  {
    id: 'ListNotifications',
    method: 'GET',
    path: '/v1/notifications',
    entry: 'functions/api/notifications/list.ts',
    roles: ['buyer', 'merchant'],
    // A Query of the caller's inbox partition.
    needs: { main: ['Query'] },
  },
  {
    id: 'ReadNotification',
    method: 'POST',
    path: '/v1/notifications/{id}/read',
    entry: 'functions/api/notifications/read.ts',
    roles: ['buyer', 'merchant'],
    // One conditional UpdateItem of the caller's entry.
    needs: { main: ['UpdateItem'] },
  },
  {
    id: 'ListOrders',
    method: 'GET',
    path: '/v1/orders',
    entry: 'functions/api/orders/list.ts',
    roles: ['buyer'],
    // Queries the keys-only ordersByUser index, reads the page's orders by key (BatchGetItem), and queries byUser for
    // the refunds on them.
    needs: { main: ['Query', 'BatchGetItem'] },
  },
  {
    // The buyer accepts the merchant's rejection: the dispute window's wait is taken and its execution resumed to
    // its end, as the dispute route does.
    id: 'AcceptDecision',
    method: 'POST',
    path: '/v1/refunds/{refundId}/accept',
    entry: 'functions/api/refunds/accept.ts',
    roles: ['buyer'],
    needs: { main: MAIN.update, workflow: 'resume' },
  },
  {
    id: 'MerchantScorecard',
    method: 'GET',
    path: '/v1/merchant/scorecard',
    entry: 'functions/api/merchant/scorecard.ts',
    roles: ['merchant', 'finance'],
    // Key reads of a merchant's months, one Query for a month's list (functions/adapters/dynamodb/scorecard-store.ts).
    needs: { main: MAIN.read },
  },
  {
    id: 'AnalyticsRefunds',
    method: 'GET',
    path: '/v1/analytics/refunds',
    entry: 'functions/api/analytics/refunds.ts',
    roles: ['finance', 'merchant'],
    // A Query per day of the period; a merchant's own merchant group is one GetItem per day (analytics-store.ts).
    needs: { main: MAIN.read },
  },
];
