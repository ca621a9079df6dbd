/**
 * `PUT /v1/review/availability`: a reviewer or an inspector joins or leaves its role's assignment rotation
 * (app/set-availability.ts).
 */
import { DynamoReviewStore } from '../../adapters/dynamodb/review-store.ts';
import { wallClock, wire } from '../../adapters/index.ts';
import { setAvailability } from '../../app/set-availability.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { availabilitySchema } from '../../schemas/lifecycle.ts';

const deps = wire({
  reviews: () => new DynamoReviewStore(),
  inspections: () => new DynamoReviewStore('inspector'),
  clock: wallClock,
});

export const handler = httpHandler({ fn: 'ReviewerAvailability' }, async ({ principal, body }) => {
  const { available } = parse(availabilitySchema, body);
  return { statusCode: 200, body: await setAvailability(deps, principal, available) };
});
