/** Local-mode only contracts (`POST /local/token`). */
import * as z from 'zod/mini';
import { ROLES } from '../domain/vocabulary.ts';
import { id } from './common.ts';

export const localTokenSchema = z.strictObject({
  sub: id(),
  role: z.enum(ROLES),
  merchantId: z.optional(id()),
});
