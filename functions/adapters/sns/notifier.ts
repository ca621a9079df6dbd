/**
 * SNS implementation of the Notifier port: finance alerts (e-mail), buyer notifications, merchant notifications and
 * escalations to operations (the operations alarm topic) go to four topics.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { requireEnv } from '../../config.ts';
import { traced } from '../../observability/tracer.ts';
import type { Channel, Message, Notifier } from '../../ports/notifier.ts';

let client: SNSClient | undefined;
const sns = () => (client ??= traced(new SNSClient({})));

const TOPIC_ENV: Record<Channel, string> = {
  finance: 'FINANCE_TOPIC_ARN',
  buyer: 'BUYER_TOPIC_ARN',
  merchant: 'MERCHANT_TOPIC_ARN',
  operations: 'OPERATIONS_TOPIC_ARN',
};

export class SnsNotifier implements Notifier {
  async publish(channel: Channel, message: Message) {
    await sns().send(
      new PublishCommand({
        TopicArn: requireEnv(TOPIC_ENV[channel]),
        // E-mail subjects are limited to 100 characters by SNS.
        Subject: message.subject.slice(0, 100),
        Message: message.text,
        MessageAttributes: Object.fromEntries(
          Object.entries(message.attributes ?? {}).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]),
        ),
      }),
    );
  }
}
