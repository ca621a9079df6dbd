/**
 * `npm run doctor`: what `npm start` needs (the same checks it runs first) and the optional parts (browser tests, a
 * Chinese font for the console, the AWS CLI and credentials for deploys), each with how to get it.
 * Exit code 1 when something `npm start` needs is missing.
 */
import { parseArgs } from 'node:util';
import { type Finding, optionalFindings, requiredFindings } from './preflight.ts';
import { DEFAULT_DATA_DIR } from './runtime.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    data: { type: 'string', default: process.env.REFUNDS_DATA_DIR ?? DEFAULT_DATA_DIR },
    'dynamodb-endpoint': {
      type: 'string',
      ...(process.env.DYNAMODB_ENDPOINT ? { default: process.env.DYNAMODB_ENDPOINT } : {}),
    },
  },
});

const print = (title: string, findings: readonly Finding[]) => {
  console.log(title);
  for (const f of findings) console.log(`  ${f.ok ? '✓' : '✗'} ${f.what.padEnd(34)} ${f.found}`);
  for (const f of findings.filter((x) => !x.ok && x.advice)) console.log(`\n  ${f.what}: ${f.advice}`);
  console.log('');
};

const endpoint = values['dynamodb-endpoint'];
const required = await requiredFindings({
  port: Number(values.port),
  dataDir: values.data,
  ...(endpoint ? { dynamoEndpoint: endpoint } : {}),
});
print('Needed by npm start:', required);
print('Optional:', optionalFindings());
process.exit(required.every((f) => f.ok) ? 0 : 1);
