/** Who acts: the caller as the API identified them (functions/http/principal.ts), in the domain's terms. */
import type { Role } from './vocabulary.ts';

export interface Actor {
  sub: string;
  role: Role;
  /** The merchant a merchant's staff member acts for. */
  merchantId?: string;
}
