/** `npm run openapi`: writes the generated OpenAPI document to openapi.json at the repository root. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildOpenApi } from '../functions/api/openapi.ts';

const path = resolve(import.meta.dirname, '..', 'openapi.json');
writeFileSync(path, `${JSON.stringify(buildOpenApi(), null, 2)}\n`);
console.log(`wrote ${path}`);
