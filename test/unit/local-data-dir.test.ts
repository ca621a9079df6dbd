/**
 * What `npm start` keeps in its data folder must survive a kill -9 in the middle of a write: the runtime starts again
 * on what is there (the SIGKILL restart test, test/reliability/restart.test.ts, once failed to restart on a torn
 * stream position).
 */
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../local/outbox.ts';
import { readCheckpoint, writeCheckpoint } from '../../local/refund-events.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'data-dir-'));
  dirs.push(dir);
  return dir;
};

describe('the refund events stream position', () => {
  it('is read back as saved', () => {
    const path = join(folder(), 'events-checkpoint.json');
    writeCheckpoint(path, { 'shard-1': '000123' });
    expect(readCheckpoint(path)).toEqual({ 'shard-1': '000123' });
    // Written beside and renamed: nothing is left beside it.
    expect(existsSync(`${path}.next`)).toBe(false);
  });

  it('cut short or emptied by a kill, is not trusted: the stream is read from its start, and it says so', () => {
    const path = join(folder(), 'events-checkpoint.json');
    const said: string[] = [];
    for (const torn of ['', '{"shard-1":"0001', '[]', '{"shard-1":42}']) {
      writeFileSync(path, torn);
      expect(readCheckpoint(path, (message) => said.push(message))).toEqual({});
    }
    expect(said).toHaveLength(3);
    expect(said[0]).toMatch(/unreadable/);
    expect(readCheckpoint(join(folder(), 'none.json'))).toEqual({});
  });

  it('killed while the next one is written, is the previous one', () => {
    const path = join(folder(), 'events-checkpoint.json');
    writeCheckpoint(path, { 'shard-1': '000123' });
    writeFileSync(`${path}.next`, '{"shard-1":"0002');
    expect(readCheckpoint(path)).toEqual({ 'shard-1': '000123' });
    writeCheckpoint(path, { 'shard-1': '000200' });
    expect(readCheckpoint(path)).toEqual({ 'shard-1': '000200' });
  });
});

describe('the outbox file', () => {
  it('skips a line torn by a kill, and the next message starts a line of its own', async () => {
    const path = join(folder(), 'outbox.jsonl');
    const first = new Outbox(path);
    await first.publish('finance', { subject: 'one', text: 'first' });
    appendFileSync(path, '{"channel":"finance","subj');

    const again = new Outbox(path);
    expect(again.entries.map((e) => e.subject)).toEqual(['one']);
    await again.publish('buyer', { subject: 'two', text: 'second' });
    expect(new Outbox(path).entries.map((e) => e.subject)).toEqual(['one', 'two']);
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
  });
});
