/**
 * Import layers and cycles, checked by `npm run deps` (in .ci/run) and test/unit/architecture.test.ts.
 *
 * Layers of functions/: domain (pure rules) ← ports (interfaces) ← app (use cases) ← adapters (AWS, local) and the
 * entries that wire them: api (HTTP routes), tasks (state machine tasks), events (S3 upload, monitor schedule).
 * schemas (zod wire contracts) and observability (logger, metrics) may be used by any layer above domain.
 */

/**
 * TEMPORARY EXCEPTIONS: violations that exist today and are being fixed elsewhere. Each entry exempts exactly one
 * import (from → to) from one rule. Delete an entry once its import is gone: the architecture test fails while an
 * entry matches nothing, so the list cannot outlive its reason.
 */
const KNOWN_VIOLATIONS = [];

/** Folders whose modules are Lambda entry points; none may import another's (shared code belongs in app/). */
const ENTRIES = ['api', 'tasks', 'events', 'channels'];

/** Node built-ins the domain already uses (HMAC for webhook signatures); add one only with a reason. */
const DOMAIN_BUILTINS = ['crypto'];

const RULES = [
  {
    name: 'no-circular',
    comment: 'No import cycles, type-only ones included: they hide initialisation order and tangle layers.',
    from: {},
    to: { circular: true },
  },
  {
    name: 'domain-is-pure',
    comment: 'functions/domain imports only functions/domain, zod and the built-ins in DOMAIN_BUILTINS.',
    from: { path: '^functions/domain/' },
    to: {
      pathNot: ['^functions/domain/', '(^|/)node_modules/zod/', ...DOMAIN_BUILTINS.map((m) => `^(node:)?${m}$`)],
    },
  },
  {
    name: 'ports-see-only-domain',
    comment: 'functions/ports imports only functions/domain and other ports.',
    from: { path: '^functions/ports/' },
    to: { pathNot: '^functions/(domain|ports)/' },
  },
  {
    name: 'app-sees-only-inner-layers',
    comment: 'functions/app imports only domain, ports, app, observability and schemas; never adapters or entries.',
    from: { path: '^functions/app/' },
    to: {
      path: '^(functions|local|infra|test|bench|scripts|web)/',
      pathNot: '^functions/(domain|ports|app|observability|schemas)/',
    },
  },
  {
    name: 'app-uses-schemas-as-types',
    comment: 'functions/app may name a wire contract type (import type) but parsing belongs at the edge.',
    from: { path: '^functions/app/' },
    to: { path: '^functions/schemas/', dependencyTypesNot: ['type-only'] },
  },
  {
    name: 'adapters-not-above-ports',
    comment: 'functions/adapters implement ports; they must not call use cases, the HTTP wrapper or entries.',
    from: { path: '^functions/adapters/' },
    to: { path: `^functions/(app|http|${ENTRIES.join('|')})/` },
  },
  {
    name: 'functions-stay-in-functions',
    comment: 'Deployed code must not import the local runtime, infrastructure, tests, benchmarks, scripts or web.',
    from: { path: '^functions/' },
    to: { path: '^(local|infra|test|bench|scripts|web)/' },
  },
  ...ENTRIES.map((entry) => ({
    name: `${entry}-not-other-entries`,
    comment: `functions/${entry} must not import another entry folder; shared code belongs in functions/app.`,
    from: { path: `^functions/${entry}/` },
    to: { path: `^functions/(${ENTRIES.filter((e) => e !== entry).join('|')})/` },
  })),
];

const exactly = (path) => `^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
const asList = (value) => (value === undefined ? [] : [value].flat());

/** A rule minus its known violations: the rule for every other module, plus one rule per excepted module. */
function withExceptions(rule) {
  const known = KNOWN_VIOLATIONS.filter((k) => k.rule === rule.name);
  if (known.length === 0) return [rule];
  const froms = [...new Set(known.map((k) => k.from))];
  return [
    { ...rule, from: { ...rule.from, pathNot: [...asList(rule.from.pathNot), ...froms.map(exactly)] } },
    ...froms.map((from) => ({
      ...rule,
      from: { path: exactly(from) },
      to: {
        ...rule.to,
        pathNot: [...asList(rule.to.pathNot), ...known.filter((k) => k.from === from).map((k) => exactly(k.to))],
      },
    })),
  ];
}

for (const k of KNOWN_VIOLATIONS) {
  if (!RULES.some((r) => r.name === k.rule)) throw new Error(`KNOWN_VIOLATIONS names no rule ${k.rule}`);
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: RULES.map((rule) => ({ severity: 'error', ...rule })).flatMap(withExceptions),
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(cdk\\.out|\\.data)/' },
    // Type-only imports count: a layer that names another's types depends on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};

// Not part of dependency-cruiser's configuration: lets the architecture test check that each exception is still used.
Object.defineProperty(module.exports, 'knownViolations', { value: KNOWN_VIOLATIONS, enumerable: false });
