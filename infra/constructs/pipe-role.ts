/**
 * The role an EventBridge Pipe assumes to read a DynamoDB table's stream (its target's grants are added by the caller),
 * and how long such a pipe retries a failing batch.
 */
import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

export function streamPipeRole(scope: Construct, id: string, streamArn: string, description: string): Role {
  const role = new Role(scope, id, {
    // Only pipes of this account may assume it (confused deputy).
    assumedBy: new ServicePrincipal('pipes.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
    }),
    description,
  });
  role.addToPolicy(
    new PolicyStatement({
      actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
      resources: [streamArn],
    }),
  );
  return role;
}

/**
 * How long a stream pipe retries a batch that keeps failing before the batch goes to its dead-letter queue. Pipes'
 * defaults (-1, -1) retry until the stream itself drops the records after 24 hours, holding up every later write of
 * the shard meanwhile, and then lose them without a dead letter. Six hours outlast an outage of the bus or the
 * enrichment; a batch failing for longer is a bug, and its dead letter (batch details, sequence numbers) says which.
 */
export const STREAM_PIPE_RETRIES = { maximumRetryAttempts: 185, maximumRecordAgeInSeconds: 6 * 3600 } as const;
