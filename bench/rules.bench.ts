/**
 * Decisions per second of `assess` on one core over a realistic mix of applications (mostly delivered general
 * goods, some unshipped, quality claims with and without photos, special categories, risky buyers, waybill checks).
 * Not part of `npm test`: run `npx tsx bench/rules.bench.ts`. Target: >= 50,000 decisions/s on one core.
 */
import { type AssessmentInput, assess, DEFAULT_POLICY } from '../functions/domain/rules/index.ts';
import { CATEGORIES, SCENARIOS } from '../functions/domain/vocabulary.ts';

const NOW = Date.parse('2026-03-10T12:00:00.000Z');
const iso = (hoursBefore: number) => new Date(NOW - hoursBefore * 3_600_000).toISOString();

/** A small deterministic PRNG so every run measures the same mix. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(r: () => number, weighted: readonly (readonly [T, number])[]): T {
  let x = r() * weighted.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, w] of weighted) {
    x -= w;
    if (x < 0) return value;
  }
  return weighted[0]![0];
}

function mix(count: number): AssessmentInput[] {
  // Buyers pick from the reasons the form offers for their order's state.
  const reasons = DEFAULT_POLICY.reasonsByScenario;
  const r = prng(42);
  const inputs: AssessmentInput[] = [];
  for (let i = 0; i < count; i++) {
    const scenario = pick(r, [
      [SCENARIOS[0], 25],
      [SCENARIOS[1], 15],
      [SCENARIOS[2], 60],
    ]);
    const category = pick(
      r,
      CATEGORIES.map((c, n) => [c, n === 0 ? 70 : 10] as const),
    );
    const waybill = pick(r, [
      [undefined, 80],
      ['MATCH', 14],
      ['MISMATCH', 3],
      ['UNREADABLE', 3],
    ] as const);
    inputs.push({
      scenario,
      reason: reasons[scenario][Math.floor(r() * reasons[scenario].length)]!,
      category,
      amount: Math.floor(r() * r() * 200_000) + 100,
      now: iso(0),
      deliveredAt: scenario === 'DELIVERED' ? iso(r() * 20 * 24) : undefined,
      redeemed: category === 'VIRTUAL' ? r() < 0.3 : undefined,
      buyer: {
        creditScore: r() < 0.9 ? Math.floor(r() * 1000) : undefined,
        accountCreatedAt: iso(r() * 3 * 365 * 24),
        orderCount90d: Math.floor(r() * 30),
        refundCount90d: Math.floor(r() * r() * 12),
        refundsLast24h: r() < 0.95 ? 0 : Math.floor(r() * 5),
        usualAmount: Math.floor(r() * 30_000) + 1000,
      },
      evidence:
        r() < 0.3 || waybill
          ? { kinds: ['PHOTO'], ...(waybill && { waybill: { verification: waybill, confidence: 0.7 + 0.3 * r() } }) }
          : undefined,
    });
  }
  return inputs;
}

const inputs = mix(10_000);
const outcomes = new Map<string, number>();
// Warm up (JIT, policy compilation), then measure for about two seconds.
for (const input of inputs) assess(input, DEFAULT_POLICY);
let decisions = 0;
const cpuStart = process.cpuUsage();
const start = performance.now();
while (performance.now() - start < 2000) {
  for (const input of inputs) {
    const d = assess(input, DEFAULT_POLICY);
    if (decisions < inputs.length) outcomes.set(d.outcome, (outcomes.get(d.outcome) ?? 0) + 1);
    decisions++;
  }
}
const seconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuStart);
// CPU time of this process (the loop is single-threaded): on a busy shared machine wall time under-reports.
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(`policy ${DEFAULT_POLICY.version}, ${inputs.length} distinct applications, ${decisions} decisions`);
console.log('outcome mix:', Object.fromEntries(outcomes));
const rate = (n: number) => Math.round(n).toLocaleString('en');
console.log(`${rate(decisions / seconds)} decisions/s wall clock, ${rate(decisions / cpuSeconds)} per CPU-second`);
