/**
 * `npm start` as a newcomer meets it: without Java it explains what is missing and how to get it (exit 1, no stack
 * trace); with an already running DynamoDB Local (here the test run's own) it needs no Java at all and reports
 * each start-up phase with its time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = resolve(ROOT, 'node_modules/tsx/dist/cli.mjs');
const children: ChildProcess[] = [];

/** `npm start -- …args` with no `java` on PATH (node is called by its absolute path). */
function start(args: string[]) {
  const child = spawn(process.execPath, [TSX, 'local/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, PATH: '/nonexistent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk) => (out.stdout += chunk));
  child.stderr?.on('data', (chunk) => (out.stderr += chunk));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, out, exited };
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm start on a machine without Java', () => {
  it('says what is missing, how to install it and the alternative, and exits 1 without a stack trace', async () => {
    const { out, exited } = start(['--port', '0', '--memory']);
    expect(await exited).toBe(1);
    expect(out.stderr).toMatch(/Java 17 or newer\s+is\s+needed/);
    expect(out.stderr).toMatch(/apt-get\s+install\s+-y\s+openjdk-17-jre-headless/);
    expect(out.stderr).toMatch(/brew\s+install\s+openjdk@17/);
    expect(out.stderr).toMatch(/winget\s+install\s+Microsoft\.OpenJDK\.17/);
    expect(out.stderr).toMatch(/--dynamodb-endpoint/);
    expect(out.stderr).not.toMatch(/\n\s+at |ENOENT|Error:/);
  });

  it('runs on an already running DynamoDB Local, reporting each phase with its time', async () => {
    const { out, exited } = start(['--port', '0', '--memory', '--dynamodb-endpoint', inject('dynamoEndpoint')]);
    const url = await new Promise<string>((done, failed) => {
      const timer = setInterval(() => {
        const match = /running at (http:\/\/\S+) \(started in [\d.]+ s\)/.exec(out.stdout);
        if (match?.[1]) {
          clearInterval(timer);
          done(match[1]);
        }
      }, 100);
      void exited.then((code) => failed(new Error(`exited ${code}: ${out.stderr}`)));
    });
    expect((await fetch(`${url}/health`)).status).toBe(200);
    for (const phase of ['tables', 'state machine', 'HTTP gateway', 'functions as deployed']) {
      expect(out.stdout).toMatch(new RegExp(`${phase}.*\\.{2,} \\d+\\.\\d s`));
    }
    expect(out.stdout).not.toContain('data store (DynamoDB Local)');
  });
});
