import { defineConfig } from 'vitest/config';

/**
 * Three projects so each layer can be run alone:
 * - unit: the pure domain core and handlers with mocked ports; no processes.
 * - integration: the real handlers against DynamoDB Local and the real ASL files in the local runner.
 *   DynamoDB Local is started once by the global setup and shared (each test file uses its own table prefix).
 * - infra: the synthesized CDK template and cdk-nag.
 * - reliability: duplicates, over-refunds, task tokens, restarts, hostile input, access and infrastructure
 *   (docs/reliability.md); RELIABILITY_SCALE sizes the heavy parts (default 0.2, `npm run test:reliability` 1).
 * - e2e: the web console in Debian's chromium (playwright-core) against the local runtime on DynamoDB Local.
 *
 * Timeouts are ceilings for a test that hangs, not time budgets: no test asserts how fast something is (that is
 * `npm run bench`), and the suite must pass on a busy machine (README, "Tests"), so they are generous.
 */
// Node 20 here, Node 22 in Lambda: the SDK's reminder is noise in every process the tests start (global set-up,
// child runtimes, the template synth), not only in the test workers that `test.env` reaches.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export default defineConfig({
  test: {
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'ERROR' },
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 60_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      { test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 300_000 } },
      {
        test: {
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
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
