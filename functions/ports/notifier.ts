/**
 * Messages to people: finance alerts (SNS e-mail), buyer notifications (SNS SMS/push) and escalations to operations
 * (the alarm topic); an outbox locally.
 */
export interface Message {
  subject: string;
  text: string;
  attributes?: Record<string, string>;
}

/**
 * `operations`: alerts escalated to the operations alarm topic (nobody in finance acknowledged them). `merchant`:
 * messages to a refund's merchant (attribute `merchantId`, for per-merchant subscription filters), on the merchant
 * topic in AWS.
 */
export type Channel = 'finance' | 'buyer' | 'merchant' | 'operations';

export interface Notifier {
  publish(channel: Channel, message: Message): Promise<void>;
}
