/** `npm run events:schemas`: writes the JSON Schema of every refund event to events/schemas/<type>.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { refundEventSchemas } from '../functions/domain/events/schemas.ts';

const dir = resolve(import.meta.dirname, '..', 'events', 'schemas');
mkdirSync(dir, { recursive: true });
for (const [type, schema] of Object.entries(refundEventSchemas())) {
  writeFileSync(resolve(dir, `${type}.json`), `${JSON.stringify(schema, null, 2)}\n`);
}
console.log(`wrote ${dir}`);
