/** The role an EventBridge Pipe assumes to read a DynamoDB table's stream (its target's grants are added by the caller). */
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
