/**
 * `GET /docs`: the API reference as a readable page, rendered from the committed openapi.json (no script, no
 * request outside the runtime): operations grouped by audience, who may call each, its parameters, body, answers
 * and error codes, and the schemas they refer to.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LocalRoute } from './gateway.ts';

// The document is read as loosely typed JSON; every value is escaped before it is written.
// biome-ignore lint/suspicious/noExplicitAny: walking an arbitrary JSON document
type Json = Record<string, any>;

const html = (text: unknown) =>
  String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

const schemaText = (schema: unknown) =>
  html(JSON.stringify(schema, null, 2)).replace(
    /&quot;#\/components\/schemas\/(\w+)&quot;/g,
    (_, name: string) => `<a href="#schema-${name}">${name}</a>`,
  );

function operationHtml(method: string, path: string, op: Json): string {
  const parameters = (op.parameters ?? []) as Json[];
  const body = op.requestBody?.content?.['application/json']?.schema;
  const responses = Object.entries((op.responses ?? {}) as Record<string, Json>);
  return `<section id="${html(op.operationId)}">
<h3><code>${method.toUpperCase()} ${html(path)}</code> — ${html(op.summary)}</h3>
<p>Who may call: ${html(String(op.description ?? '').match(/Who may call: ([^\n]*)/)?.[1] ?? 'anyone')}</p>
${
  parameters.length
    ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th></tr>${parameters
        .map(
          (p) =>
            `<tr><td><code>${html(p.name)}</code></td><td>${html(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td><pre>${schemaText(p.schema)}</pre></td></tr>`,
        )
        .join('')}</table>`
    : ''
}
${body ? `<h4>Body</h4><pre>${schemaText(body)}</pre>` : ''}
<h4>Answers</h4>
<table><tr><th>status</th><th>meaning</th><th>body</th></tr>${responses
    .map(
      ([status, r]) =>
        `<tr><td>${html(status)}</td><td>${html(r.description)}</td><td><pre>${
          r.content ? schemaText(r.content['application/json']?.schema) : ''
        }</pre></td></tr>`,
    )
    .join('')}</table>
</section>`;
}

export function renderApiDocs(document: Json): string {
  const byTag = new Map<string, string[]>();
  for (const [path, operations] of Object.entries((document.paths ?? {}) as Record<string, Json>)) {
    for (const [method, op] of Object.entries(operations as Record<string, Json>)) {
      const tag = (op.tags?.[0] as string | undefined) ?? 'other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationHtml(method, path, op)]);
    }
  }
  const tags = (document.tags ?? []) as Json[];
  const schemas = Object.entries((document.components?.schemas ?? {}) as Record<string, unknown>);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${html(document.info?.title)}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem}pre{margin:0;
white-space:pre-wrap;font-size:12px}table{border-collapse:collapse;width:100%;margin:.5rem 0}td,th{border:1px solid
#ddd;padding:.25rem .5rem;vertical-align:top;text-align:left}section{border-top:1px solid #ccc;margin-top:1.5rem}
code{background:#f4f4f4;padding:0 .2rem}</style></head><body>
<h1>${html(document.info?.title)} <small>v${html(document.info?.version)}</small></h1>
<p>${html(document.info?.description)}</p>
<p>Servers: ${((document.servers ?? []) as Json[]).map((s) => `<code>${html(s.url)}</code> (${html(s.description)})`).join(', ')} ·
raw document: <a href="/openapi.json">/openapi.json</a></p>
<nav><ul>${tags.map((t) => `<li><a href="#tag-${html(t.name)}">${html(t.name)}</a>: ${html(t.description)}</li>`).join('')}</ul></nav>
${tags
  .map((t) => `<h2 id="tag-${html(t.name)}">${html(t.name)}</h2>${(byTag.get(t.name) ?? []).join('\n')}`)
  .join('\n')}
<h2>Schemas</h2>
${schemas.map(([name, schema]) => `<h3 id="schema-${html(name)}">${html(name)}</h3><pre>${schemaText(schema)}</pre>`).join('\n')}
</body></html>`;
}

export function apiDocsRoute(path = resolve(import.meta.dirname, '..', 'openapi.json')): LocalRoute {
  return {
    method: 'GET',
    pattern: /^\/docs\/?$/,
    async handle() {
      const page = renderApiDocs(JSON.parse(readFileSync(path, 'utf8')) as Json);
      return { statusCode: 200, raw: Buffer.from(page), contentType: 'text/html; charset=utf-8' };
    },
  };
}
