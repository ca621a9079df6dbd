/**
 * `GET /v1/review/availability`: whether the caller is in the review rotation and how many tasks it holds
 * (app/set-availability.ts), so the console shows the server's state rather than what the browser last sent.
 */
import { DynamoReviewStore } from '../../adapters/dynamodb/review-store.ts';
import { wire } from '../../adapters/index.ts';
import { getAvailability } from '../../app/set-availability.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { noQuerySchema } from '../../schemas/lifecycle.ts';

const deps = wire({ reviews: () => new DynamoReviewStore(), inspections: () => new DynamoReviewStore('inspector') });

export const handler = httpHandler({ fn: 'GetReviewerAvailability' }, async ({ event, principal }) => {
  parse(noQuerySchema, event.queryStringParameters ?? {}, 'query');
  return { statusCode: 200, body: await getAvailability(deps, principal) };
});
