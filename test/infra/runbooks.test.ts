/**
 * Runbooks (docs/operations.md) and what points at them: every alarm of the synthesized stack links its own runbook
 * section, every finance alert kind has one and its e-mail says where, every anchor the code links to exists; and
 * what `npm run ops` reads from the deployed stack is there (outputs, dead-letter queues found in the template).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/api/routes.ts';
import { FUNCTIONS } from '../../functions/catalog.ts';
import { ALERT_KINDS } from '../../functions/domain/monitoring/alert.ts';
import { alertMessage } from '../../functions/domain/monitoring/message.ts';
import { ALERT_KIND_TEXTS, RUNBOOK_DOCUMENT } from '../../functions/domain/monitoring/runbook.ts';
import { functionErrorsRunbook } from '../../infra/constructs/operations.ts';
import { REPO_ROOT } from '../../infra/constructs/paths.ts';
import { deadLetterSources, mainTableName, type StackTemplate, stateMachineArn } from '../../scripts/ops.ts';
import { devStack } from '../support/dev-stack.ts';

let template: Template;
beforeAll(() => {
  ({ template } = devStack());
});

const doc = readFileSync(join(REPO_ROOT, RUNBOOK_DOCUMENT), 'utf8');
const ANCHOR = /<a id="([a-z0-9-]+)"><\/a>/g;
const anchors = [...doc.matchAll(ANCHOR)].map((m) => m[1] ?? '');

/** The text of an anchor's section: from the anchor to the next one. */
function section(anchor: string): string {
  const start = doc.indexOf(`<a id="${anchor}"></a>`);
  if (start < 0) return '';
  ANCHOR.lastIndex = start + 1;
  const next = doc.slice(start + 1).search(ANCHOR);
  return next < 0 ? doc.slice(start) : doc.slice(start, start + 1 + next);
}

/** Every `docs/operations.md#anchor` written in a source file under these folders. */
function linkedFromCode(...folders: string[]): { file: string; anchor: string }[] {
  const links: { file: string; anchor: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/docs\/operations\.md#([a-z0-9-]+)/g)) {
          links.push({ file: path.slice(REPO_ROOT.length + 1), anchor: m[1] ?? '' });
        }
      }
    }
  };
  for (const folder of folders) walk(join(REPO_ROOT, folder));
  return links;
}

const alarms = () =>
  Object.entries(template.findResources('AWS::CloudWatch::Alarm')).map(([id, alarm]) => ({
    id,
    /** The construct id, from the logical id: `WorkflowFailures`, `PayoutErrors`, `LedgerChanged`… */
    name: id.replace(/^Monitoring(Operations)?/, '').replace(/[0-9A-F]{8}$/, ''),
    description: String(alarm.Properties.AlarmDescription ?? ''),
  }));

describe('docs/operations.md', () => {
  it('has unique anchors, and every link inside it points to one of them', () => {
    expect(new Set(anchors).size).toBe(anchors.length);
    const internal = [...doc.matchAll(/\]\(#([a-z0-9-]+)\)/g)].map((m) => m[1]);
    expect(internal.length).toBeGreaterThan(20);
    for (const anchor of internal) expect(anchors, `link #${anchor}`).toContain(anchor);
  });

  it('has a runbook for a failed state-machine execution and for dead-letter messages', () => {
    expect(section('failed-execution')).toContain('npm run ops -- redrive-execution');
    expect(section('dead-letter-messages')).toContain('npm run ops -- redrive Monitoring/DeadLetters');
  });
});

describe('every alarm of the synthesized stack', () => {
  it('links its runbook, whose section exists and is about that alarm', () => {
    const found = alarms();
    // One per function, plus WorkflowFailures, PayoutWorkflowFailures, ApiServerErrors, DeadLetters,
    // OpenFinanceAlerts, UnreadableRefundWrites and LedgerChanged.
    expect(found.length).toBe(FUNCTIONS.length + 7);
    for (const alarm of found) {
      const link = /Runbook: docs\/operations\.md#([a-z0-9-]+)$/.exec(alarm.description);
      expect(link, `${alarm.name}: ${alarm.description}`).not.toBeNull();
      const anchor = link?.[1] ?? '';
      expect(anchors, `${alarm.name} links #${anchor}`).toContain(anchor);
      const text = section(anchor);
      const functions = FUNCTIONS.map((f) => f.id);
      const fn = functions.find((name) => `${name}Errors` === alarm.name);
      if (fn && ROUTES.some((r) => r.id === fn)) {
        expect(anchor).toBe('alarm-api-errors');
        expect(text).toContain('`<Route>Errors`');
      } else {
        expect(text, `#${anchor} names ${alarm.name}`).toContain(alarm.name);
        if (fn) expect(anchor).toBe(functionErrorsRunbook(fn));
      }
      for (const part of ['**What it means.**', '**Check.**', '**Fix.**', '**Escalate**']) {
        expect(text, `#${anchor} has ${part}`).toContain(part);
      }
    }
  });
});

describe('the API’s 5xx alarm', () => {
  it('counts every 5xx answer of the HTTP API, which a handler’s own 500 INTERNAL never shows as a function error', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: Match.stringLikeRegexp('^ApiHttp') } }],
      Statistic: 'Sum',
      Threshold: 1,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^MonitoringOperationsAlarms') }],
    });
  });
});

describe('every finance alert kind', () => {
  it.each(ALERT_KINDS)('%s has a runbook section, and its e-mail says where it is', (kind) => {
    const { anchor, action } = ALERT_KIND_TEXTS[kind];
    expect(anchors).toContain(anchor);
    const text = section(anchor);
    expect(text).toMatch(new RegExp(`^### ${kind}:`, 'm'));
    for (const part of ['**What it means.**', '**Check.**', '**Fix.**', '**Escalate**']) expect(text).toContain(part);
    // The e-mail keeps one line of action; the runbook is the document.
    expect(action).not.toContain('\n');
    expect(action.length).toBeLessThanOrEqual(120);
    const { body } = alertMessage({
      alertId: `${kind}#r-1`,
      kind,
      refundId: 'r-1',
      since: '2026-12-01T00:00:00.000Z',
      detail: 'A problem.',
    });
    expect(body).toContain(`What to do: ${action}\n`);
    expect(body).toContain(`Full runbook: docs/operations.md#${anchor}`);
  });

  it('PAYOUT_FAILED’s runbook retries through the finance API', () => {
    expect(section('alert-payout-failed')).toContain('/v1/finance/payouts/r-123/retry');
    expect(section('alert-handling')).toMatch(/acknowledge[\s\S]*assign[\s\S]*resolve/);
  });
});

describe('anchors linked from code', () => {
  it('all exist in docs/operations.md', () => {
    const links = linkedFromCode('functions', 'infra', 'scripts');
    expect(links.map((l) => l.file)).toContain('scripts/ops.ts');
    for (const { file, anchor } of links) expect(anchors, `${file} links #${anchor}`).toContain(anchor);
    for (const anchor of ['alarm-monitor-errors', 'alarm-ocr-errors', 'alarm-task-errors', 'alarm-api-errors']) {
      expect(anchors).toContain(anchor);
    }
  });
});

describe('what npm run ops reads from the deployed stack', () => {
  it('has outputs for the state machine and the dead-letter queue', () => {
    const outputs = template.toJSON().Outputs;
    expect(outputs.StateMachineArn.Value.Ref).toMatch(/^WorkflowRefundLifecycle/);
    expect(outputs.DeadLetterQueueUrl.Value.Ref).toMatch(/^MonitoringDeadLetters/);
  });

  it('finds the lifecycle among the stack state machines (failed-executions), not the Express payout beside it', () => {
    const json = template.toJSON() as StackTemplate & { Resources: Record<string, { Type: string }> };
    const ids = Object.keys(json.Resources).filter(
      (id) => json.Resources[id]?.Type === 'AWS::StepFunctions::StateMachine',
    );
    expect(ids).toHaveLength(2);
    const stack = {
      name: 'RefundPipeline-dev',
      template: json,
      physical: new Map(ids.map((id) => [id, `arn:aws:states:eu-west-1:123456789012:stateMachine:${id}`])),
      types: new Map(ids.map((id) => [id, 'AWS::StepFunctions::StateMachine'])),
    };
    expect(stateMachineArn(stack)).toMatch(/:stateMachine:WorkflowRefundLifecycle/);
  });

  it('finds the main table (clear-ended-state-keys) among the stack tables', () => {
    const json = template.toJSON() as StackTemplate & { Resources: Record<string, { Type: string }> };
    const ids = Object.keys(json.Resources).filter((id) => json.Resources[id]?.Type === 'AWS::DynamoDB::Table');
    expect(ids.length).toBeGreaterThan(1);
    const stack = {
      name: 'RefundPipeline-dev',
      template: json,
      physical: new Map(ids.map((id) => [id, `RefundPipeline-dev-${id}`])),
      types: new Map(ids.map((id) => [id, 'AWS::DynamoDB::Table'])),
    };
    expect(mainTableName(stack)).toMatch(/^RefundPipeline-dev-DataRefunds/);
  });

  it('finds the dead-letter queue and everything that sends it failures in the template', () => {
    const sources = deadLetterSources(template.toJSON() as StackTemplate);
    const [queue, ...others] = [...sources.keys()];
    expect(others).toEqual([]);
    expect(queue).toMatch(/^MonitoringDeadLetters/);
    const byKind = (sources.get(queue ?? '') ?? []).map((s) => ({
      kind: s.kind,
      id: s.id.replace(/[0-9A-F]{8}$/, ''),
      ...('triggers' in s ? { triggers: s.triggers } : {}),
      ...('scheduleInput' in s ? { scheduleInput: s.scheduleInput } : {}),
    }));
    expect(byKind).toEqual(
      expect.arrayContaining([
        {
          kind: 'lambda',
          id: 'MonitoringMonitorFunction',
          triggers: ['schedule'],
          scheduleInput: '{"id":"<aws.scheduler.execution-id>","time":"<aws.scheduler.scheduled-time>"}',
        },
        { kind: 'lambda', id: 'EvidenceOcrFunction', triggers: ['s3'] },
        { kind: 'schedule', id: 'MonitoringEvery' },
        { kind: 'sns', id: 'MonitoringFinanceAlertsfinanceexamplecom' },
        { kind: 'sns', id: 'MonitoringOperationsAlarmsfinanceexamplecom' },
        {
          kind: 'lambda',
          id: 'MonitoringDailyReportFunction',
          triggers: ['schedule'],
          scheduleInput:
            '{"report":"daily","id":"<aws.scheduler.execution-id>","time":"<aws.scheduler.scheduled-time>"}',
        },
        { kind: 'schedule', id: 'MonitoringDaily' },
        { kind: 'pipe', id: 'EventsPipe' },
        // The ledger watch: a change it could not log, after its retries.
        { kind: 'pipe', id: 'MonitoringLedgerWatch' },
        {
          kind: 'lambda',
          id: 'AnalyticsTableExportFunction',
          triggers: ['schedule'],
          scheduleInput:
            '{"export":"tables","id":"<aws.scheduler.execution-id>","time":"<aws.scheduler.scheduled-time>"}',
        },
        { kind: 'schedule', id: 'AnalyticsDaily' },
        { kind: 'lambda', id: 'EventsRefundAnalyticsFunction', triggers: ['rule'] },
        { kind: 'rule', id: 'EventsAnalyticsRule' },
        {
          kind: 'lambda',
          id: 'EventsAnalyticsFoldFunction',
          triggers: ['schedule'],
          scheduleInput:
            '{"fold":"analytics","id":"<aws.scheduler.execution-id>","time":"<aws.scheduler.scheduled-time>"}',
        },
        { kind: 'schedule', id: 'EventsAnalyticsFoldEvery' },
      ]),
    );
    expect(byKind).toHaveLength(15);
  });
});
