/**
 * SNS implementation of the Notifier port: finance alerts (e-mail), buyer notifications, merchant notifications and
 * escalations to operations (the operations alarm topic) go to four topics.
 *
 * `Publish` is called with the SDK's signer and HTTP handler (../aws/aws-call.ts), not the SNS client, 21 KiB of
 * every function that notifies (issue 18, item 4); test/unit/adapters/aws-call.test.ts holds the request to the
 * client's.
 */
import { requireEnv } from '../../config.ts';
import type { Channel, Message, Notifier } from '../../ports/notifier.ts';
import { callAwsQuery, SNS } from '../aws/aws-call.ts';

const TOPIC_ENV: Record<Channel, string> = {
  finance: 'FINANCE_TOPIC_ARN',
  buyer: 'BUYER_TOPIC_ARN',
  merchant: 'MERCHANT_TOPIC_ARN',
  operations: 'OPERATIONS_TOPIC_ARN',
};

export class SnsNotifier implements Notifier {
  async publish(channel: Channel, message: Message) {
    const attributes = Object.entries(message.attributes ?? {}).flatMap(([name, value], i) => {
      const entry = `MessageAttributes.entry.${i + 1}`;
      return [
        [`${entry}.Name`, name],
        [`${entry}.Value.DataType`, 'String'],
        [`${entry}.Value.StringValue`, value],
      ] as const;
    });
    // In the client's order: the required member first, then the others in the model's order.
    await callAwsQuery(SNS, 'Publish', '2010-03-31', [
      ['Message', message.text],
      ['TopicArn', requireEnv(TOPIC_ENV[channel])],
      // E-mail subjects are limited to 100 characters by SNS.
      ['Subject', message.subject.slice(0, 100)],
      ...attributes,
    ]);
  }
}
