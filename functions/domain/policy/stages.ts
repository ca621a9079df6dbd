/**
 * Per-stage policy overrides, deep-merged over the default document by ./load.ts. Keep them small: a stage should
 * differ only where it must (short timers for demos, a stricter pilot), so the default stays the reviewed truth.
 */
import type { PolicyOverride } from './merge.ts';

export const STAGE_OVERRIDES: Readonly<Record<string, PolicyOverride>> = {
  /** Local runs and demos: minutes instead of days so a whole lifecycle fits in a session. */
  dev: {
    timeouts: {
      merchantResponseSeconds: 120,
      buyerEvidenceSeconds: 600,
      buyerReturnSeconds: 600,
      reviewTaskSlaSeconds: 300,
    },
    offer: { answerSeconds: 300 },
    inspection: { slaSeconds: 300 },
    // Deadlines in proportion to the dev merchant's two minutes; a handful of requests is enough to be judged.
    scorecard: {
      minRequests: 5,
      tiers: [
        { id: 'POOR', merchantResponseSeconds: 60 },
        { id: 'GOOD', merchantResponseSeconds: 240 },
      ],
    },
  },
  /** Pre-production: silent merchants go to a person, to exercise the escalation path. */
  staging: { timeouts: { merchantTimeoutAction: 'ESCALATE' } },
  prod: {},
};
