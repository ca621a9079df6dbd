/**
 * Decisions per second of `assess` on one core over a realistic mix of applications (mostly delivered general
 * goods, some unshipped, quality claims with and without photos, special categories, risky buyers, waybill checks).
 * Not part of `npm test`: `npm run bench -- --only=rules`, or alone `npx tsx bench/rules.bench.ts`.
 * Target: >= 50,000 decisions/s on one core.
 */
import { pathToFileURL } from 'node:url';
import { type AssessmentInput, assess, defaultPolicy } from '../functions/domain/rules/index.ts';
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

/** `count` applications drawn from a fixed, seeded mix. */
export function mix(count: number): AssessmentInput[] {
  // Buyers pick from the reasons the form offers for their order's state.
  const reasons = defaultPolicy().reasonsByScenario;
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

/** Figure 4: decisions per second of the rules engine on one core. */
export interface RulesResult {
  policyVersion: string;
  distinctApplications: number;
  decisions: number;
  /** Decisions per second of wall-clock time. */
  perSecond: number;
  /** Decisions per CPU-second of this process (the loop is single-threaded): on a busy shared machine wall time under-reports. */
  perCpuSecond: number;
  outcomes: Record<string, number>;
}

/** Warms up on the mix, then assesses it over and over for about `durationMs`. */
export function benchRules(durationMs = 2000): RulesResult {
  const inputs = mix(10_000);
  const outcomes = new Map<string, number>();
  // Warm up (JIT, policy compilation), then measure.
  for (const input of inputs) assess(input, defaultPolicy());
  let decisions = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < durationMs) {
    for (const input of inputs) {
      const d = assess(input, defaultPolicy());
      if (decisions < inputs.length) outcomes.set(d.outcome, (outcomes.get(d.outcome) ?? 0) + 1);
      decisions++;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    policyVersion: defaultPolicy().version,
    distinctApplications: inputs.length,
    decisions,
    perSecond: Math.round(decisions / seconds),
    perCpuSecond: Math.round(decisions / cpuSeconds),
    outcomes: Object.fromEntries(outcomes),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = benchRules();
  console.log(`policy ${r.policyVersion}, ${r.distinctApplications} distinct applications, ${r.decisions} decisions`);
  console.log('outcome mix:', r.outcomes);
  const rate = (n: number) => n.toLocaleString('en');
  console.log(`${rate(r.perSecond)} decisions/s wall clock, ${rate(r.perCpuSecond)} per CPU-second`);
}
