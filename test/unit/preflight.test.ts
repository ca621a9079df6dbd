/** What `npm start` checks first, and the paragraph a newcomer gets when something is missing. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsCliV2, checkDataDir, checkJava, checkNode, checkPort, problems } from '../../local/preflight.ts';

describe('the preflight', () => {
  it('wants Node 20.19 or newer', () => {
    expect(checkNode('20.19.0').ok).toBe(true);
    expect(checkNode('22.1.0').ok).toBe(true);
    const old = checkNode('18.20.4');
    expect(old.ok).toBe(false);
    expect(old.advice).toMatch(/found 18\.20\.4/);
  });

  it('wants Java 17+, and names the way without Java', () => {
    expect(checkJava({ major: 17, text: 'openjdk version "17.0.15"' }).ok).toBe(true);
    expect(checkJava({ major: 21, text: 'openjdk version "21"' }).ok).toBe(true);
    const eleven = checkJava({ major: 11, text: 'openjdk version "11.0.2"' });
    expect(eleven.ok).toBe(false);
    expect(eleven.advice).toMatch(/found Java 11/);
    const none = problems([checkJava({ text: 'no java on PATH' })]);
    expect(none).toHaveLength(1);
    expect(none[0]).toMatch(/no `java` on PATH.*openjdk-17-jre-headless.*brew.*winget.*--dynamodb-endpoint/s);
  });

  it('finds a port in use', async () => {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const busy = await checkPort(port);
      expect(busy.ok).toBe(false);
      expect(busy.advice).toMatch(/--port 3001/);
    } finally {
      server.close();
    }
    expect((await checkPort(0)).ok).toBe(true);
  });

  it('finds a data folder that cannot be written', () => {
    // A path under a regular file cannot become a folder (ENOTDIR), whoever runs the test.
    const file = join(mkdtempSync(join(tmpdir(), 'preflight-')), 'a-file');
    writeFileSync(file, '');
    const bad = checkDataDir(join(file, 'data'));
    expect(bad.ok).toBe(false);
    expect(bad.advice).toMatch(/--memory/);
  });
});

describe('the AWS CLI the deploy guide needs', () => {
  it('is version 2: version 1 has no `aws configure sso`', () => {
    expect(awsCliV2('aws-cli/2.22.35 Python/3.12.6 Linux/6.1 exe/x86_64.debian.12')).toBe(true);
    expect(awsCliV2('aws-cli/1.45.11 Python/3.11.2 Linux/6.1 botocore/1.37.11')).toBe(false);
    expect(awsCliV2(undefined)).toBe(false);
  });
});
