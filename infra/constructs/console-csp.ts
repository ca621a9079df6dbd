/**
 * The console's two Content-Security-Policies (infra/constructs/console.ts says why there are two): the response
 * header's, and the one written into index.html at deploy time. Plain strings, no CDK, so the local runtime serves
 * index.html under the deployed page policy too (`npm start -- --auth=oauth`, local/console.ts) and the browser
 * test fails on anything the deployed console would refuse.
 */

/** Directives both policies share: only this origin's script and style, no plugins, no framing, no form posts out. */
export const BASE_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
];

/**
 * The response header's policy: the API and the evidence bucket only region-wide, since their CORS names the
 * distribution that sends this header (infra/constructs/console.ts); the page's own policy pins them. `urlSuffix` is
 * the partition's (`amazonaws.com`, `amazonaws.com.cn` in China: a `*.amazonaws.com` source does not match there).
 */
export function headerCsp(region: string, authDomain: string, urlSuffix: string): string {
  const buckets = `https://*.s3.${region}.${urlSuffix}`;
  return [
    ...BASE_DIRECTIVES,
    `img-src 'self' data: blob: ${buckets}`,
    `connect-src 'self' https://*.execute-api.${region}.${urlSuffix} ${buckets} ${authDomain}`,
    "frame-ancestors 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}

/**
 * The page's own policy, exact: this API, this evidence bucket (presigned URLs are virtual-hosted,
 * `https://{bucket}.s3.{region}.{url suffix}`), this Cognito domain.
 */
export function pageCsp(apiUrl: string, evidenceOrigin: string, authDomain: string): string {
  return [
    ...BASE_DIRECTIVES,
    `img-src 'self' data: blob: ${evidenceOrigin}`,
    `connect-src 'self' ${apiUrl} ${evidenceOrigin} ${authDomain}`,
  ].join('; ');
}

const META_CSP = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")[^"]*(")/;

/** web/index.html with its Content-Security-Policy meta replaced; throws when the page has none to replace. */
export function indexWithCsp(html: string, csp: string): string {
  if (!META_CSP.test(html)) throw new Error('web/index.html has no <meta http-equiv="Content-Security-Policy">');
  return html.replace(META_CSP, (_, open: string, close: string) => `${open}${csp}${close}`);
}
