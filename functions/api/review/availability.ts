/** `PUT /v1/review/availability`: a reviewer joins or leaves the assignment rotation. */

import { DynamoReviewStore } from '../../adapters/dynamodb/review-store.ts';
import { adapter, defaultAdapter } from '../../adapters/index.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { availabilitySchema } from '../../schemas/lifecycle.ts';

defaultAdapter('reviews', () => new DynamoReviewStore());

export const handler = httpHandler({ fn: 'ReviewerAvailability' }, async ({ principal, body }) => {
  const { available } = parse(availabilitySchema, body);
  const reviewer = await adapter('reviews').setAvailability(
    principal.sub,
    available,
    adapter('clock').now().toISOString(),
  );
  return { statusCode: 200, body: reviewer };
});
