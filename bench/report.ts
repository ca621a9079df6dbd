/** Turns benchmark results into markdown tables. */
import { budgetRows } from './check.ts';
import type { Phase, Results } from './results.ts';

const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n',
  );
const usd = (n: number) => `$${n.toFixed(2)}`;

/** The results as markdown: one table per figure, then the budgets. */
export function toMarkdown(r: Results): string {
  const out: string[] = [];
  const at = (p: Phase) => (r.measuredAt?.[p] ? ` (measured ${r.measuredAt[p]})` : '');
  if (r.throughput) {
    const t = r.throughput;
    out.push(`### 1. Apply throughput, instant path, concurrency ${t.concurrency}${at('throughput')}`);
    out.push(
      table(
        ['refunds', 'accepted/s', 'not accepted', 'apply p50 ms', 'apply p99 ms', 'raw PutItem/s', 'ratio'],
        [
          [
            t.refunds,
            t.appliesPerSecond,
            t.rejected,
            t.applyLatencyMs.p50,
            t.applyLatencyMs.p99,
            t.putItemsPerSecond,
            t.ratio,
          ],
        ],
      ),
    );
  }
  if (r.coldStart) {
    const { baseline, bundledBaseline, functions } = r.coldStart;
    out.push(`### 2. Cold start: bundle size and import time against the SDK-only baseline${at('cold-start')}`);
    const rows = [baseline, ...(bundledBaseline ? [bundledBaseline] : []), ...functions].map((f) => [
      f.name,
      f.kb,
      f.sidecarKb ?? '',
      f.importMs,
      f.cpuMs,
      f.ratio,
      f.beyondBaseline
        .slice(0, 4)
        .map((b) => `${b.input} ${b.kb}`)
        .join(', ') + (f.error ? ` **error: ${f.error}**` : ''),
    ]);
    out.push(
      table(
        [
          'function',
          'KiB',
          'KiB beside (after init)',
          'import ms (wall)',
          'import ms (CPU)',
          '× baseline (CPU)',
          'largest additions to the baseline (KiB)',
        ],
        rows,
      ),
    );
  }
  if (r.cost) {
    out.push(`### 3. AWS cost per million refunds (USD, prices in bench/prices.json)${at('cost')}`);
    const usage = r.cost.map((c) => {
      const u = c.usage;
      const sns = u.snsPublishes.buyer + u.snsPublishes.finance;
      return [
        c.path,
        u.stateTransitions,
        u.lambdaInvocations,
        u.lambdaGbSeconds,
        u.readUnits,
        u.writeUnits,
        `${u.dynamoCalls.total} (${u.dynamoCalls.failed})`,
        sns,
        `${u.busEvents ?? 0} / ${u.pipeRequests ?? 0}`,
        u.textractPages,
        u.apiRequests,
      ];
    });
    out.push(
      table(
        [
          'path',
          'state transitions',
          'Lambda invocations',
          'GB-s',
          'RRU',
          'WRU',
          'DynamoDB calls (failed)',
          'SNS',
          'bus events / pipe requests',
          'Textract pages',
          'API requests',
        ],
        usage,
      ),
    );
    const money = r.cost.map((c) => {
      const m = c.perMillion;
      return [
        c.path,
        usd(m.stepFunctions),
        usd(m.lambda),
        usd(m.dynamodb),
        usd(m.apiGateway),
        usd(m.sns),
        usd(m.eventBridge ?? 0),
        usd(m.textract),
        `**${usd(m.total)}**`,
      ];
    });
    out.push(
      table(
        ['path', 'Step Functions', 'Lambda', 'DynamoDB', 'API Gateway', 'SNS', 'EventBridge', 'Textract', 'total'],
        money,
      ),
    );
    const fold = r.foldAtVolume;
    if (fold) {
      out.push(
        `Each path above folds its refund's analytics alone, the most a fold can cost a refund. One fold of ${fold.refunds} instant refunds (each of its own buyer and merchant): ${fold.writeUnits} WRU and ${fold.readUnits} RRU, ${fold.perRefund.writeUnits} WRU and ${fold.perRefund.readUnits} RRU per refund.`,
      );
    }
  }
  if (r.rules) {
    out.push(`### 4. Rules engine, one core${at('rules')}`);
    out.push(
      table(
        ['policy', 'decisions/s (wall)', 'decisions per CPU-second'],
        [[r.rules.policyVersion, r.rules.perSecond, r.rules.perCpuSecond]],
      ),
    );
  }
  if (r.monitor) {
    out.push(`### 5. Monitor reads per run${at('monitor')}`);
    const rows = r.monitor.map((m) => [m.refunds, m.outstanding, m.monitorReadUnits, m.scanReadUnits]);
    out.push(
      table(['refunds in table', 'outstanding payouts', 'monitor RRU per run', 'full Scan RRU (contrast)'], rows),
    );
  }
  if (r.payouts) {
    const p = r.payouts;
    out.push(`### 6. Payouts through a misbehaving provider, ${p.concurrency} at a time${at('payouts')}`);
    const statuses = Object.entries(p.statuses)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ');
    out.push(
      table(
        ['refunds', 'paid or failed/s', 'end states', 'webhooks delivered', 'raw PutItem/s', 'ratio'],
        [[p.refunds, p.payoutsPerSecond, statuses, p.deliveries, p.putItemsPerSecond, p.ratio]],
      ),
    );
  }
  if (r.budgets?.length) {
    out.push('### Budgets (bench/budgets.json; every function is checked, the worst one is shown)');
    out.push(table(['budget', 'limit', 'measured', ''], budgetRows(r.budgets)));
  }
  return `${out.join('\n\n')}\n`;
}
