/**
 * Where state lives: the DynamoDB tables declared in functions/adapters/dynamodb/tables.ts (on-demand, PITR,
 * encrypted; the main table's stream feeds refund events, the ledger's keys-only stream is watched for changes) and the private, TLS-only evidence bucket.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  finalMigrationStep,
  INDEX_MIGRATION_CONTEXT,
  type IndexLayout,
  indexesAtStep,
  layoutAtStep,
  migrationStep,
} from '../../functions/adapters/dynamodb/index-layout.ts';
import {
  type IndexDefinition,
  type KeyAttribute,
  LEDGER_TABLE,
  MAIN_TABLE,
  type TableDefinition,
} from '../../functions/adapters/dynamodb/tables.ts';
import { evidenceBucket } from './evidence-bucket.ts';

const attribute = (key: KeyAttribute) => ({
  name: key.name,
  type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

/** The declared projection: keys only, the keys and the named attributes, or (neither declared) everything. */
const projectionOf = (index: IndexDefinition) =>
  index.keysOnly
    ? { projectionType: ProjectionType.KEYS_ONLY }
    : index.nonKeyAttributes
      ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.nonKeyAttributes] }
      : { projectionType: ProjectionType.ALL };

export interface DataProps {
  /** Keep tables and bucket when the stack is deleted. @default true */
  retain?: boolean;
  /** Origins browsers upload evidence from (the console's). @default none (no CORS rule) */
  evidenceUploadOrigins?: string[];
  /**
   * The step of moving a stack deployed with the old indexes to the declared ones (index-layout.ts; docs/deploy.md).
   * @default the context's `indexMigration`, else the last step: the declared indexes only
   */
  indexMigration?: number;
}

export class Data extends Construct {
  readonly main: Table;
  readonly ledger: Table;
  readonly evidence: Bucket;
  /** Customer-managed key of the evidence bucket (see evidence-bucket.ts). */
  readonly evidenceKey: Key;
  readonly accessLogs: Bucket;
  /**
   * HMAC secret of the payment webhook. Generated here for the sandbox stand-in; with a real provider, put the
   * provider's signing secret in it (plain, or JSON `{ current, previous }` while rotating).
   */
  readonly webhookSecret: Secret;
  /** Which index names the functions query at this step (bindings.ts passes `legacy` on as INDEX_LAYOUT). */
  readonly indexLayout: IndexLayout;

  constructor(scope: Construct, id: string, props: DataProps = {}) {
    super(scope, id);
    const step =
      props.indexMigration ?? migrationStep(this.node.tryGetContext(INDEX_MIGRATION_CONTEXT)) ?? finalMigrationStep();
    this.indexLayout = layoutAtStep(step);
    const removalPolicy = props.retain === false ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const table = (definition: TableDefinition, stream?: StreamViewType) => {
      const created = new Table(this, definition.id, {
        ...(stream ? { stream } : {}),
        partitionKey: attribute(definition.partitionKey),
        ...(definition.sortKey ? { sortKey: attribute(definition.sortKey) } : {}),
        ...(definition.timeToLiveAttribute ? { timeToLiveAttribute: definition.timeToLiveAttribute } : {}),
        billingMode: BillingMode.PAY_PER_REQUEST,
        encryption: TableEncryption.AWS_MANAGED,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: props.retain !== false,
        removalPolicy,
      });
      for (const index of indexesAtStep(definition, step)) {
        created.addGlobalSecondaryIndex({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          ...(index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
          ...projectionOf(index),
        });
      }
      return created;
    };
    // The main table's stream carries each write's before and after image: refund events for integrators are
    // published from it (refund-events.ts), so every committed change of a refund publishes, and nothing else does.
    this.main = table(MAIN_TABLE, StreamViewType.NEW_AND_OLD_IMAGES);
    // The ledger's stream carries the keys of every change; an entry is only ever inserted, so any MODIFY or REMOVE
    // on it raises an alarm (monitoring.ts). Keys only: the stream need not carry amounts or buyer data.
    this.ledger = table(LEDGER_TABLE, StreamViewType.KEYS_ONLY);

    this.webhookSecret = new Secret(this, 'PaymentWebhookSecret', {
      description: 'HMAC-SHA256 secret of POST /v1/payments/webhook (read once per cold start)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy,
    });
    Validations.of(this.webhookSecret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'The signing secret is shared with the payment provider, so rotation is a coordinated manual step; the handler accepts the current and previous secret meanwhile.',
    });

    this.accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy,
    });
    // KMS-encrypted, lifecycle-bounded, CORS for the console only: see evidence-bucket.ts.
    ({ bucket: this.evidence, key: this.evidenceKey } = evidenceBucket(this, {
      removalPolicy,
      accessLogs: this.accessLogs,
      uploadOrigins: props.evidenceUploadOrigins ?? [],
    }));
  }
}
