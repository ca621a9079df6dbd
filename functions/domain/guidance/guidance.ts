/**
 * Lookup of reviewer guidance for a refund's reason and category, shown on the review task next to the fired rules.
 */
import type { Category, Reason } from '../vocabulary.ts';
import { CATEGORY_CHECKS, type Check, COMBINATION_CHECKS, REASON_CHECKS } from './data.ts';

export type { Check } from './data.ts';

/** The checks for one reason/category, most specific first. */
export interface Guidance {
  reason: Reason;
  category: Category;
  checks: Check[];
}

/** Guidance for a reason and category: the combination's own checks, then the reason's, then the category's. */
export function guidanceFor(reason: Reason, category: Category): Guidance {
  return {
    reason,
    category,
    checks: [
      ...(COMBINATION_CHECKS[`${reason}/${category}`] ?? []),
      ...REASON_CHECKS[reason],
      ...CATEGORY_CHECKS[category],
    ],
  };
}
