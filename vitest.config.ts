import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { BUNDLE_ALIASES } from './infra/constructs/bundle-aliases.ts';

/**
 * Five projects, so each layer can be run alone (`npm run test:<name>`):
 * - unit: pure code (domain rules, parsers, formats) and handlers with fakes for their ports; no processes, no
 *   network, no OCR engine, milliseconds a file. Its files share their worker's modules (isolate: false): a unit test
 *   must leave no global state behind (reset mocks in beforeEach, give adapters explicitly).
 * - integration: the real handlers as deployed (the template's environment and IAM policies) in the local runtime,
 *   on DynamoDB Local, with the real ASL in the local runner, driven over HTTP; and the local OCR engine over the
 *   fixture images. Each file starts its own runtime with tables of its own.
 * - infra: the synthesized CDK template and cdk-nag for every stage and environment. Its files share their worker's
 *   modules (isolate: false), so the dev stack is synthesized once between them (test/support/dev-stack.ts).
 * - reliability: duplicates, over-refunds, task tokens, restarts, hostile input, access and infrastructure
 *   (docs/reliability.md); RELIABILITY_SCALE sizes the heavy parts (default 0.2, `npm run test:reliability` 1).
 * - e2e: the web console in Debian's chromium (playwright-core) against the local runtime on DynamoDB Local.
 * integration, reliability and e2e share one DynamoDB Local, started by their global setup on first use.
 *
 * Files run as many at a time as there are cores, and at least two (vitest's default is one fewer than the cores: one at
 * a time on these 2-core machines, while a file mostly waits on DynamoDB Local, timers or a child process).
 *
 * Timeouts are ceilings for a test that hangs, not time budgets: no test asserts how fast something is (that is
 * `npm run bench`), and the suite must pass on a busy machine (README, "Tests"), so they are generous.
 */
// Node 20 here, Node 22 in Lambda: the SDK's reminder is noise in every process the tests start (global set-up,
// child runtimes, the template synth), not only in the test workers that `test.env` reaches.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * The packages a deployed bundle takes from modules of ours (infra/constructs/bundle-aliases.ts: alipay-sdk's urllib),
 * aliased in the projects that run the handlers, so their tests exercise what is deployed. Vite applies an alias only
 * to modules it transforms, hence alipay-sdk inlined (the local runtime under `npm start` keeps the real urllib).
 */
const asDeployed = {
  resolve: { alias: { ...BUNDLE_ALIASES } },
  server: { deps: { inline: ['alipay-sdk'] } },
};

export default defineConfig({
  test: {
    maxWorkers: Math.max(2, availableParallelism()),
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      // No X-Ray daemon in tests (Powertools also turns tracing off outside Lambda by itself).
      POWERTOOLS_TRACE_ENABLED: 'false',
    },
    projects: [
      {
        resolve: asDeployed.resolve,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          server: asDeployed.server,
          environment: 'node',
          pool: 'threads',
          isolate: false,
          testTimeout: 60_000,
        },
      },
      {
        resolve: asDeployed.resolve,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          server: asDeployed.server,
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          isolate: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        resolve: asDeployed.resolve,
        test: {
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          server: asDeployed.server,
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
