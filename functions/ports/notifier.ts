/** Messages to people: finance alerts (SNS e-mail) and buyer notifications (SNS SMS/push); an outbox locally. */
export interface Message {
  subject: string;
  text: string;
  attributes?: Record<string, string>;
}

export type Channel = 'finance' | 'buyer';

export interface Notifier {
  publish(channel: Channel, message: Message): Promise<void>;
}
