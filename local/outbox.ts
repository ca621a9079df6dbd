/** Local stand-in for SNS: every message that would be published is kept (and appended to a file) for inspection. */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { Channel, Message, Notifier } from '../functions/ports/notifier.ts';

export interface OutboxEntry extends Message {
  channel: Channel;
  at: string;
}

export class Outbox implements Notifier {
  readonly entries: OutboxEntry[] = [];

  constructor(private readonly file?: string) {
    if (file && existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) if (line.trim()) this.entries.push(JSON.parse(line));
    }
  }

  async publish(channel: Channel, message: Message): Promise<void> {
    const entry: OutboxEntry = { channel, at: new Date().toISOString(), ...message };
    this.entries.push(entry);
    if (this.file) appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
  }
}
