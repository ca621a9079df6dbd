/** Starts `restart-child.ts` in its own process group and kills the whole group, for the restart test. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const TSX = resolve('node_modules/.bin/tsx');
const SCRIPT = resolve('test/reliability/restart-child.ts');

/** A running child runtime: its URL and its process group. */
export interface ChildRuntime {
  url: string;
  process: ChildProcess;
}

/** Spawns the runtime on `dataDir` (env CLOCK_OFFSET_DAYS runs its clock ahead) (detached: a process group of its own) and waits for its URL. */
export function startChild(dataDir: string, env: Record<string, string> = {}): Promise<ChildRuntime> {
  const child = spawn(TSX, [SCRIPT, dataDir], {
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  return new Promise((done, fail) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = out.match(/READY (\S+)/)?.[1];
      if (url) done({ url, process: child });
    });
    child.once('exit', (code) => fail(new Error(`child runtime exited with ${code} before it was ready: ${out}`)));
  });
}

/** Processes still alive in the group (ps), e.g. an orphaned java. */
export function groupMembers(pid: number): string[] {
  try {
    return execFileSync('ps', ['-eo', 'pgid=,pid=,comm='], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.trim().split(/\s+/)[0] === String(pid));
  } catch {
    return [];
  }
}

/** SIGKILLs the child's whole process group and waits until nothing of it is left (60 s at most, a ceiling). */
export async function killGroup(child: ChildRuntime, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  const pid = child.process.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    return; // already gone
  }
  const deadline = Date.now() + 60_000;
  while (groupMembers(pid).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}
