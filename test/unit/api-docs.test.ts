/** The readable API reference at /docs is rendered from the committed openapi.json and covers every route. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/api/routes.ts';
import { renderApiDocs } from '../../local/api-docs.ts';

const document = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../openapi.json'), 'utf8'));
const page = renderApiDocs(document);

describe('the API reference page', () => {
  it.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r.id] as const))('shows %s with who may call it', (key, id) => {
    const section = page.split(`<section id="${id}">`)[1]?.split('</section>')[0] ?? '';
    expect(section).toContain(key);
    expect(section).toMatch(/Who may call: \S/);
  });

  it('escapes what it prints and links schema references', () => {
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('<a href="#schema-Refund">Refund</a>');
  });
});
