/**
 * Local stand-in for SNS: every message that would be published is kept (and appended to a file) for inspection. A
 * line torn by a kill in the middle of its write is skipped when the file is read again, as the sandbox's journal does.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { Channel, Message, Notifier } from '../functions/ports/notifier.ts';

export interface OutboxEntry extends Message {
  channel: Channel;
  at: string;
}

export class Outbox implements Notifier {
  readonly entries: OutboxEntry[] = [];

  /** Whether the file ends in a torn line: the next entry starts on a line of its own, or it would be lost with it. */
  private startLine = false;

  constructor(private readonly file?: string) {
    if (file && existsSync(file)) {
      const text = readFileSync(file, 'utf8');
      this.startLine = !/(^|\n)$/.test(text);
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        try {
          this.entries.push(JSON.parse(line));
        } catch {
          // A torn last line.
        }
      }
    }
  }

  async publish(channel: Channel, message: Message): Promise<void> {
    const entry: OutboxEntry = { channel, at: new Date().toISOString(), ...message };
    this.entries.push(entry);
    if (this.file) appendFileSync(this.file, `${this.startLine ? '\n' : ''}${JSON.stringify(entry)}\n`);
    this.startLine = false;
  }
}
