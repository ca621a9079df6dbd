/**
 * The local sandbox provider's journal (functions/adapters/payments/sandbox-config.ts `SandboxJournal`): one JSON
 * line per accepted attempt in the data folder, so `npm start` started again on the same folder (after a crash, a
 * kill -9) dedupes a refund its sandbox paid before, as a real provider does, instead of paying it a second time.
 * A line torn by a kill in the middle of its write is skipped (its send never answered, so nothing relied on it).
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { SandboxAttempt, SandboxJournal } from '../functions/adapters/payments/sandbox.ts';

export function fileJournal(path: string): SandboxJournal {
  // A torn last line has no newline: the next line starts on a line of its own, or it would be lost with it.
  let startLine = existsSync(path) && !/(^|\n)$/.test(readFileSync(path, 'utf8'));
  return {
    load(): SandboxAttempt[] {
      if (!existsSync(path)) return [];
      const attempts: SandboxAttempt[] = [];
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          attempts.push(JSON.parse(line) as SandboxAttempt);
        } catch {
          // A torn last line.
        }
      }
      return attempts;
    },
    append(attempt: SandboxAttempt): void {
      appendFileSync(path, `${startLine ? '\n' : ''}${JSON.stringify(attempt)}\n`);
      startLine = false;
    },
  };
}
