/**
 * What `npm start` needs, checked before anything starts, and what `npm run doctor` reports. A missing requirement
 * becomes one paragraph: what is missing, why, how to install it on Debian/Ubuntu, macOS and Windows, and the other
 * way. Optional parts (browser tests, a CJK font, the AWS CLI and credentials) are reported by the doctor only.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface Finding {
  /** What was checked, e.g. "Java 17+". */
  what: string;
  ok: boolean;
  /** One line: what was found. */
  found: string;
  /** When not ok: the paragraph to print. */
  advice?: string;
}

export interface PreflightOptions {
  /** HTTP port the gateway will listen on (0: any free port, not checked). */
  port: number;
  /** Folder that will hold DynamoDB Local's files and the outbox; undefined when everything stays in memory. */
  dataDir?: string;
  /** An already running DynamoDB (Local) endpoint: no Java needed, the endpoint must answer. */
  dynamoEndpoint?: string;
}

const MIN_NODE: [number, number] = [20, 19];

export function checkNode(version = process.versions.node): Finding {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return {
    what: `Node.js ${MIN_NODE.join('.')}+`,
    ok,
    found: `Node.js ${version}`,
    ...(ok
      ? {}
      : {
          advice:
            `Node.js ${MIN_NODE.join('.')} or newer is needed (found ${version}): the runtime is TypeScript run by tsx ` +
            'on Node. Install it: Debian/Ubuntu `curl -fsSL https://deb.nodesource.com/setup_22.x | sudo -E bash - && ' +
            'sudo apt-get install -y nodejs`; macOS `brew install node@22`; Windows `winget install OpenJS.NodeJS.LTS`. ' +
            'Or use a version manager (nvm, fnm) with `nvm install 22`.',
        }),
  };
}

/** `java -version` → the major version, or undefined when there is no java on PATH. */
export function javaMajor(): { major?: number; text: string } {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 15_000 });
  if (result.error || result.status !== 0) return { text: 'no java on PATH' };
  const text = `${result.stderr}${result.stdout}`.split('\n')[0]?.trim() ?? '';
  const match = /version "(\d+)(?:\.(\d+))?/.exec(text);
  const first = Number(match?.[1]);
  // Java 8 and older report "1.8.0_x".
  const major = first === 1 ? Number(match?.[2]) : first;
  return { ...(Number.isFinite(major) ? { major } : {}), text };
}

export const DYNAMODB_ALTERNATIVE =
  'Or use a DynamoDB Local you already run, for example the official image ' +
  '(`docker run -p 8000:8000 amazon/dynamodb-local`), with `npm start -- --dynamodb-endpoint http://127.0.0.1:8000` ' +
  '(or DYNAMODB_ENDPOINT=http://127.0.0.1:8000 npm start).';

export function checkJava(found = javaMajor()): Finding {
  const ok = (found.major ?? 0) >= 17;
  return {
    what: 'Java 17+ (DynamoDB Local)',
    ok,
    found: found.text,
    ...(ok
      ? {}
      : {
          advice:
            `Java 17 or newer is needed (${found.major ? `found Java ${found.major}` : 'no `java` on PATH'}): ` +
            '`npm start` runs the official DynamoDB Local, which is a Java program. Install a JRE: ' +
            'Debian/Ubuntu `sudo apt-get install -y openjdk-17-jre-headless`; macOS `brew install openjdk@17`; ' +
            `Windows \`winget install Microsoft.OpenJDK.17\`. ${DYNAMODB_ALTERNATIVE}`,
        }),
  };
}

export async function checkPort(port: number): Promise<Finding> {
  const what = `port ${port} free`;
  if (port === 0) return { what, ok: true, found: 'any free port (--port 0)' };
  const free = await new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
  return {
    what,
    ok: free,
    found: free ? 'free' : 'in use',
    ...(free
      ? {}
      : {
          advice:
            `Port ${port} is in use, so the local API cannot listen on it (is another \`npm start\` running?). ` +
            `Stop the other program, or pick another port: \`npm start -- --port 3001\` (or \`--port 0\` for any ` +
            'free one). To see who holds it: Debian/Ubuntu `ss -ltnp | grep :' +
            `${port}\`; macOS \`lsof -i :${port}\`; Windows \`netstat -ano | findstr :${port}\`.`,
        }),
  };
}

export function checkDataDir(dir: string): Finding {
  const what = 'a writable data folder';
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return { what, ok: true, found: dir };
  } catch (error) {
    return {
      what,
      ok: false,
      found: `${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      advice:
        `The data folder ${dir} cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'}): DynamoDB ` +
        'Local and the outbox keep their files there. Fix its permissions (Debian/Ubuntu and macOS ' +
        `\`sudo chown -R "$USER" ${dir}\`; Windows: folder Properties → Security), choose another folder with ` +
        '`npm start -- --data /some/writable/folder`, or keep nothing on disk with `npm start -- --memory`.',
    };
  }
}

export async function checkDynamoEndpoint(endpoint: string): Promise<Finding> {
  const what = `DynamoDB at ${endpoint}`;
  let ok = false;
  let found = '';
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        authorization:
          'AWS4-HMAC-SHA256 Credential=local/20260101/ap-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: '{}',
      signal: AbortSignal.timeout(5000),
    });
    ok = response.status < 500;
    found = `answered ${response.status}`;
  } catch (error) {
    found = error instanceof Error ? error.message : String(error);
  }
  return {
    what,
    ok,
    found,
    ...(ok
      ? {}
      : {
          advice:
            `Nothing answers as DynamoDB at ${endpoint} (${found}). Start it first (for example ` +
            '`docker run -p 8000:8000 amazon/dynamodb-local`) and check the URL, or leave out --dynamodb-endpoint ' +
            '(and DYNAMODB_ENDPOINT) so `npm start` runs its own DynamoDB Local (needs Java 17+).',
        }),
  };
}

/** Everything `npm start` needs, in the order it would fail without it. */
export async function requiredFindings(options: PreflightOptions): Promise<Finding[]> {
  return [
    checkNode(),
    options.dynamoEndpoint ? await checkDynamoEndpoint(options.dynamoEndpoint) : checkJava(),
    await checkPort(options.port),
    ...(options.dataDir ? [checkDataDir(options.dataDir)] : []),
  ];
}

const onPath = (command: string, args: string[]) => {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 15_000 });
  return result.error || result.status !== 0 ? undefined : `${result.stdout}${result.stderr}`.trim().split('\n')[0];
};

/** Whether `aws --version` printed a version 2 CLI (`aws-cli/2.x.y …`); v1 prints `aws-cli/1.x.y`. */
export function awsCliV2(version: string | undefined): boolean {
  return /^aws-cli\/([2-9]|\d{2,})\./.test(version ?? '');
}

/** Parts only some work needs: the doctor reports them, `npm start` does not wait for them. */
export function optionalFindings(): Finding[] {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const fonts = onPath('fc-list', [':lang=zh', 'family']);
  const aws = onPath('aws', ['--version']);
  const credentials =
    Boolean(process.env.AWS_PROFILE || process.env.AWS_ACCESS_KEY_ID) ||
    existsSync(join(homedir(), '.aws', 'credentials')) ||
    (existsSync(join(homedir(), '.aws', 'config')) &&
      /\[(default|profile )/.test(readFileSync(join(homedir(), '.aws', 'config'), 'utf8')));
  return [
    {
      what: 'chromium (npm run test:e2e)',
      ok: existsSync(chromium),
      found: existsSync(chromium) ? chromium : `no ${chromium}`,
      advice:
        'The browser tests drive chromium. Debian/Ubuntu `sudo apt-get install -y chromium`; macOS ' +
        '`brew install --cask chromium`; Windows `winget install Hibbiki.Chromium`; or point CHROMIUM_PATH at a ' +
        'Chrome/Chromium binary. Everything else runs without it.',
    },
    {
      what: 'a CJK font (the zh-CN console)',
      ok: Boolean(fonts),
      found: fonts ? fonts : 'no Chinese font found (fc-list :lang=zh)',
      advice:
        'Without a Chinese font the zh-CN console shows boxes. Debian/Ubuntu `sudo apt-get install -y ' +
        'fonts-wqy-microhei` (or fonts-noto-cjk); macOS and Windows ship one. Or switch the console to English.',
    },
    {
      what: 'AWS CLI v2 (deploys)',
      // v1 has no `aws configure sso` and reads SSO profiles differently: the deploy guide's commands need v2.
      ok: awsCliV2(aws),
      found: aws ?? 'no `aws` on PATH',
      advice:
        'Deploying (docs/deploy.md) reads stack outputs with the AWS CLI v2: Debian/Ubuntu and macOS see ' +
        'https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html; Windows `winget install ' +
        'Amazon.AWSCLI`. Local mode never needs it.',
    },
    {
      what: 'AWS credentials (deploys)',
      ok: credentials,
      found: credentials ? 'configured (profile, keys or ~/.aws)' : 'none found',
      advice:
        'Deploys need credentials: `aws configure sso` (or `aws configure`), then `export AWS_PROFILE=…`. ' +
        'Local mode never needs them.',
    },
  ];
}

/** The paragraph(s) to print for what is missing; empty when all is there. */
export function problems(findings: readonly Finding[]): string[] {
  return findings.filter((f) => !f.ok && f.advice).map((f) => `✗ ${f.what}: ${f.advice}`);
}
