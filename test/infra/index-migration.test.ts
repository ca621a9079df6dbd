/**
 * Moving a stack deployed with the old indexes (ALL projected) to the declared ones, as `-c indexMigration=<n>`
 * deploys it: every step synthesized in order, as the CLI does (CDK_DEFAULT_REGION/ACCOUNT set, bundling off).
 * CloudFormation creates or deletes one GSI per table and update and cannot change one in place, and the functions
 * must find every index they query while the table changes.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  finalMigrationStep,
  INDEX_LAYOUT_ENV,
  indexName,
  type MainIndexName,
} from '../../functions/adapters/dynamodb/index-layout.ts';
import { FUNCTIONS } from '../../functions/catalog.ts';
import { buildApp, DeployConfigurationError } from '../../infra/app.ts';

interface Gsi {
  IndexName: string;
  KeySchema: unknown;
  Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
}
type Resources = Record<string, { Type: string; Properties: Record<string, any>; Metadata?: Record<string, unknown> }>;

/** The indexes the stack had before the projections (main's tables.ts at 9daed83): what a deployed stack has. */
const key = (pk: string, sk: string) => [
  { AttributeName: pk, KeyType: 'HASH' },
  { AttributeName: sk, KeyType: 'RANGE' },
];
const DEPLOYED_BEFORE: Record<string, Gsi[]> = {
  Refunds: [
    { IndexName: 'byUser', KeySchema: key('gsi1pk', 'gsi1sk'), Projection: { ProjectionType: 'ALL' } },
    { IndexName: 'byMerchant', KeySchema: key('gsi2pk', 'gsi2sk'), Projection: { ProjectionType: 'ALL' } },
    { IndexName: 'outstandingPayouts', KeySchema: key('gsi3pk', 'gsi3sk'), Projection: { ProjectionType: 'ALL' } },
    { IndexName: 'byState', KeySchema: key('gsi4pk', 'gsi4sk'), Projection: { ProjectionType: 'ALL' } },
    { IndexName: 'byCreatedDay', KeySchema: key('gsi5pk', 'gsi5sk'), Projection: { ProjectionType: 'ALL' } },
    { IndexName: 'ordersByUser', KeySchema: key('gsi6pk', 'gsi6sk'), Projection: { ProjectionType: 'KEYS_ONLY' } },
  ],
  Ledger: [{ IndexName: 'byDay', KeySchema: key('day', 'entryId'), Projection: { ProjectionType: 'ALL' } }],
};
const READERS: MainIndexName[] = [
  'byUser',
  'byMerchant',
  'outstandingPayouts',
  'byState',
  'byCreatedDay',
  'ordersByUser',
];

function synth(context: Record<string, string>): Resources {
  const saved = { region: process.env.CDK_DEFAULT_REGION, account: process.env.CDK_DEFAULT_ACCOUNT };
  process.env.CDK_DEFAULT_REGION = 'us-east-1';
  process.env.CDK_DEFAULT_ACCOUNT = '123456789012';
  try {
    const app = new App({
      context: { 'aws:cdk:bundling-stacks': [], stage: 'dev', 'aws:cdk:enable-path-metadata': true, ...context },
    });
    return Template.fromStack(buildApp(app).stack).toJSON().Resources as Resources;
  } finally {
    for (const [name, value] of [
      ['CDK_DEFAULT_REGION', saved.region],
      ['CDK_DEFAULT_ACCOUNT', saved.account],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Each table's GSIs by the table's construct id (Refunds, Ledger). */
function indexesOf(resources: Resources): Record<string, Gsi[]> {
  return Object.fromEntries(
    Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::DynamoDB::Table')
      .map(([id, r]) => [id.replace(/^Data/, '').replace(/[0-9A-F]{8}$/, ''), r.Properties.GlobalSecondaryIndexes]),
  );
}

/** What changes from one step's indexes to the next's, over all tables. */
function changes(before: Record<string, Gsi[]>, after: Record<string, Gsi[]>) {
  const created: string[] = [];
  const deleted: string[] = [];
  const changedInPlace: string[] = [];
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = new Map((before[table] ?? []).map((g) => [g.IndexName, g]));
    const is = new Map((after[table] ?? []).map((g) => [g.IndexName, g]));
    for (const [name, gsi] of is) {
      const old = was.get(name);
      if (!old) created.push(`${table}.${name}`);
      else if (JSON.stringify(old) !== JSON.stringify(gsi)) changedInPlace.push(`${table}.${name}`);
    }
    for (const name of was.keys()) if (!is.has(name)) deleted.push(`${table}.${name}`);
  }
  return { created, deleted, changedInPlace };
}

/** The functions whose code queries the main table's indexes. */
const QUERYING = FUNCTIONS.filter((spec) => spec.needs.main?.includes('Query'));

/** The layout the functions that query the main table run with (undefined: the declared names), all the same. */
function layoutOf(resources: Resources): string | undefined {
  const functions = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function');
  const layouts = new Set(
    QUERYING.map((spec) => {
      const fn = functions.find((f) => String(f.Metadata?.['aws:cdk:path']).endsWith(`/${spec.id}/Function/Resource`));
      expect(fn, spec.id).toBeDefined();
      return fn?.Properties.Environment.Variables[INDEX_LAYOUT_ENV] as string | undefined;
    }),
  );
  expect(layouts.size).toBe(1);
  return [...layouts][0];
}

const last = finalMigrationStep();
const steps: Resources[] = [];
let fresh: Resources;

beforeAll(() => {
  for (let step = 1; step <= last; step++) steps[step] = synth({ indexMigration: String(step) });
  fresh = synth({});
});

describe('moving a deployed stack to the declared indexes', () => {
  it('takes two deployments per renamed index: five indexes changed their projection', () => {
    expect(last).toBe(10);
  });

  it('changes exactly one GSI per deployment, never one in place, from the stack deployed before', () => {
    let before = DEPLOYED_BEFORE;
    for (let step = 1; step <= last; step++) {
      const after = indexesOf(steps[step] as Resources);
      const { created, deleted, changedInPlace } = changes(before, after);
      expect(changedInPlace, `step ${step}`).toEqual([]);
      expect([...created, ...deleted], `step ${step}`).toHaveLength(1);
      // The first half creates, the second deletes.
      expect(created, `step ${step}`).toHaveLength(step <= last / 2 ? 1 : 0);
      before = after;
    }
  });

  it('keeps every index the functions query, before and during each deployment', () => {
    let previousLayout: string | undefined = 'legacy';
    for (let step = 1; step <= last; step++) {
      const resources = steps[step] as Resources;
      const present = new Set((indexesOf(resources).Refunds ?? []).map((g) => g.IndexName));
      const layout = layoutOf(resources);
      // The functions of this step, and those of the step before while this one deploys.
      for (const queried of [layout, previousLayout]) {
        for (const reader of READERS) expect(present, `step ${step}`).toContain(indexName(reader, queried));
      }
      expect(layout, `step ${step}`).toBe(step < last / 2 ? 'legacy' : undefined);
      previousLayout = layout;
    }
  });

  it('updates the functions after the table: each names the main table by reference', () => {
    const table = Object.keys(fresh).find((id) => /^DataRefunds[0-9A-F]{8}$/.test(id));
    for (const resources of [steps[last / 2] as Resources, fresh]) {
      const readers = Object.values(resources).filter(
        (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.TABLE_NAME,
      );
      expect(readers.length).toBeGreaterThan(30);
      for (const fn of readers) expect(fn.Properties.Environment.Variables.TABLE_NAME).toEqual({ Ref: table });
    }
  });

  it('ends where a fresh stack starts: the last step is the stack without the context', () => {
    expect(steps[last]).toEqual(fresh);
    expect(indexesOf(fresh).Refunds?.map((g) => g.IndexName)).toEqual([
      'byUserV2',
      'byMerchantV2',
      'outstandingPayoutsV2',
      'byStateV2',
      'byCreatedDayV2',
      'ordersByUser',
    ]);
  });

  it.each(['0', '11', 'two', '3.5'])('refuses -c indexMigration=%s with the steps there are', (value) => {
    expect(() => synth({ indexMigration: value })).toThrowError(DeployConfigurationError);
    expect(() => synth({ indexMigration: value })).toThrowError(/must be a step from 1 to 10/);
  });
});
