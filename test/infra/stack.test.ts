/**
 * The synthesized stack: what the design promises is in the template, and cdk-nag finds nothing unacknowledged.
 * Bundling is skipped (context aws:cdk:bundling-stacks = []), so this runs in seconds.
 */
import type { App } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAIN_TABLE } from '../../functions/adapters/dynamodb/tables.ts';
import { ROUTES } from '../../functions/api/routes.ts';
import { FUNCTIONS } from '../../functions/catalog.ts';
import { TASKS } from '../../functions/tasks/tasks.ts';
import { devStack } from '../support/dev-stack.ts';

let template: Template;
let app: App;

beforeAll(() => {
  ({ app, template } = devStack());
});

describe('the data construct', () => {
  it('creates the main table with the declared keys and indexes, encrypted, with PITR', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: MAIN_TABLE.indexes.map((index) => Match.objectLike({ IndexName: index.indexName })),
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      BillingMode: 'PAY_PER_REQUEST',
      // Analytics tallies expire; nothing else sets the attribute.
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    });
  });

  it('lets nothing in the ledger expire', () => {
    const tables = Object.values(template.findResources('AWS::DynamoDB::Table'));
    const withTtl = tables.filter((t) => t.Properties.TimeToLiveSpecification);
    expect(withTtl).toHaveLength(1);
    expect(
      tables.some(
        (t) =>
          JSON.stringify(t.Properties.StreamSpecification).includes('KEYS_ONLY') &&
          t.Properties.TimeToLiveSpecification,
      ),
    ).toBe(false);
  });

  it('keeps evidence private and reachable over TLS only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('the functions', () => {
  it('run Node 22 on arm64 with tracing', () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Runtime: 'nodejs22.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } },
    });
    // One per route, task, event function (the monitor, the daily report, OCR) and payment channel.
    expect(Object.keys(functions)).toHaveLength(FUNCTIONS.length);
  });
});

describe('the API', () => {
  it('has one route per entry of the route table', () => {
    for (const route of ROUTES) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `${route.method} ${route.path}` });
    }
  });

  it('protects every route with the JWT authorizer except the public ones', () => {
    const routes = template.findResources('AWS::ApiGatewayV2::Route');
    for (const route of Object.values(routes)) {
      const key: string = route.Properties.RouteKey;
      const isPublic = ROUTES.some((r) => r.public && `${r.method} ${r.path}` === key);
      expect(route.Properties.AuthorizationType, key).toBe(isPublic ? 'NONE' : 'JWT');
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT' });
  });

  it('is throttled', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });
});

describe('the workflow', () => {
  it('is a Standard lifecycle and an Express payout workflow from the ASL files, with logging and tracing on', () => {
    const substitutions = (machine: string) =>
      Object.fromEntries(TASKS.filter((t) => t.machine === machine).map((t) => [t.substitution, Match.anyValue()]));
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ERROR' }),
      DefinitionSubstitutions: { ...substitutions('lifecycle'), PayoutStateMachineArn: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'EXPRESS',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ERROR' }),
      DefinitionSubstitutions: substitutions('payout'),
    });
    expect(Object.keys(template.findResources('AWS::StepFunctions::StateMachine'))).toHaveLength(2);
  });
});

describe('evidence reading', () => {
  it('runs OCR when evidence lands in the bucket, with exactly the Textract and bucket reads it needs', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          Match.objectLike({
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'evidence/' }] } },
          }),
        ],
      },
    });
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Action: ['textract:DetectDocumentText', 'textract:AnalyzeExpense'] }),
          ]),
        },
      },
    });
    const [policy, ...others] = Object.values(policies);
    expect(others).toHaveLength(0);
    const statements: { Action: string | string[] }[] = policy?.Properties.PolicyDocument.Statement ?? [];
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions.filter((a) => a.startsWith('textract:')).sort()).toEqual([
      'textract:AnalyzeExpense',
      'textract:DetectDocumentText',
    ]);
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
  });
});

describe('monitoring', () => {
  it('runs the monitor on a schedule and mails finance', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(5 minutes)' });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'finance@example.com' });
  });
});

describe('cdk-nag', () => {
  it('finds nothing that is not acknowledged with a reason', () => {
    // A finding makes synth throw and lists the rule; acknowledged ones are written with their reasons.
    expect(() => app.synth()).not.toThrow();
  });
});

describe('payouts', () => {
  it('keep the webhook secret in Secrets Manager, readable only by the webhook and the sandbox channel', () => {
    // The webhook secret and one secret per real channel (test/infra/payment-channels.test.ts says who reads those).
    template.resourceCountIs('AWS::SecretsManager::Secret', 4);
    const webhookSecret = Object.keys(template.findResources('AWS::SecretsManager::Secret')).find((k) =>
      k.startsWith('DataPaymentWebhookSecret'),
    );
    const readers = template.findResources('AWS::IAM::Policy', {
      Properties: {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: Match.arrayWith(['secretsmanager:GetSecretValue']),
              Resource: { Ref: webhookSecret },
            }),
          ]),
        },
      },
    });
    expect(Object.keys(readers).sort()).toEqual([
      expect.stringMatching(/^ApiPaymentWebhook/),
      expect.stringMatching(/^PaymentChannelsChannelSandbox/),
    ]);
  });

  it('mark the sandbox channel as a stand-in and tell it where the webhook is', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Payment channel sandbox: the only function holding its credentials',
      Environment: {
        Variables: Match.objectLike({
          PAYMENT_WEBHOOK_URL: Match.anyValue(),
          WEBHOOK_SECRET_ARN: Match.anyValue(),
        }),
      },
    });
  });
});

describe('function logs', () => {
  it('go to one log group, kept a month, for every function of the stack (a resource per function saved)', () => {
    const groups = template.findResources('AWS::Logs::LogGroup');
    const shared = Object.keys(groups).filter((id) => id.startsWith('FunctionLogs'));
    expect(shared).toHaveLength(1);
    expect(groups[shared[0] as string]?.Properties.RetentionInDays).toBe(30);
    const functions = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      // CDK's own helpers (the console's bucket deployment) keep theirs.
      (fn) => fn.Properties.Handler === 'index.handler' && fn.Properties.Runtime === 'nodejs22.x',
    );
    expect(functions.length).toBeGreaterThan(40);
    for (const fn of functions) {
      expect(fn.Properties.LoggingConfig).toMatchObject({ LogFormat: 'JSON', LogGroup: { Ref: shared[0] } });
    }
  });
});
