/**
 * Domain errors are classes with a stable `name` (Step Functions matches Catch/Retry on it), a machine-readable
 * `code` for the API error shape `{ error: { code, message, details? } }` and a transport-neutral `kind`. The domain
 * knows no HTTP: functions/http/errors.ts maps each kind to a status code at the edge.
 */

/** What went wrong, independent of any transport. */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'too-large'
  | 'unprocessable';

export class DomainError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly details?: unknown;

  constructor(kind: ErrorKind, code: string, message: string, options?: { cause?: unknown; details?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.code = code;
    this.details = options?.details;
  }
}

export class ValidationFailed extends DomainError {
  override name = 'ValidationFailed';
  constructor(message: string, details?: unknown) {
    super('invalid', 'VALIDATION_FAILED', message, { details });
  }
}

export class Unauthorized extends DomainError {
  override name = 'Unauthorized';
  constructor(message = 'A valid bearer token is required') {
    super('unauthenticated', 'UNAUTHORIZED', message);
  }
}

export class Forbidden extends DomainError {
  override name = 'Forbidden';
  constructor(message = 'This role may not do that') {
    super('forbidden', 'FORBIDDEN', message);
  }
}

export class NotFound extends DomainError {
  override name = 'NotFound';
  constructor(what: string) {
    super('not-found', 'NOT_FOUND', `${what} not found`);
  }
}

export class Conflict extends DomainError {
  override name = 'Conflict';
  constructor(code: string, message: string, details?: unknown) {
    super('conflict', code, message, { details });
  }
}

/** The requested amount is more than what is still refundable on the order. */
export class RefundExceedsPaidAmount extends Conflict {
  override name = 'RefundExceedsPaidAmount';
  constructor(requested: number, refundable: number) {
    super('REFUND_EXCEEDS_REFUNDABLE', `requested ${requested} but only ${refundable} is still refundable`, {
      requested,
      refundable,
    });
  }
}

/** An application names more units of a line than are still refundable (the rest are refunded or reserved). */
export class ItemsExceedRefundable extends DomainError {
  override name = 'ItemsExceedRefundable';
  constructor(details: { sku: string; requested: number; refundableQuantity: number; refundableAmount: number }) {
    super(
      'unprocessable',
      'ITEMS_EXCEED_REFUNDABLE',
      `asked to refund ${details.requested} of ${details.sku} but ${details.refundableQuantity} can still be refunded`,
      { details },
    );
  }
}

/** The amount asked is more than the named units are worth (their share of what was paid). */
export class AmountExceedsItems extends DomainError {
  override name = 'AmountExceedsItems';
  constructor(details: {
    requested: number;
    itemsAmount: number;
    items: { sku: string; quantity: number; refundableAmount: number }[];
  }) {
    super(
      'unprocessable',
      'AMOUNT_EXCEEDS_ITEMS',
      `asked for ${details.requested} but the items named are worth ${details.itemsAmount}`,
      { details },
    );
  }
}

/** One refund takes at most this many lines (the store's write has a size limit). */
export class TooManyLines extends DomainError {
  override name = 'TooManyLines';
  constructor(lines: number, max: number) {
    super('unprocessable', 'TOO_MANY_LINES', `a refund takes at most ${max} lines; this one takes ${lines}`, {
      details: { lines, max },
    });
  }
}

/**
 * A refund from before lines were tracked still holds a line of this order (its lock); new refunds wait until it
 * ends. Refunds now hold units, not locks, so several refunds may take different units of one line.
 */
export class ActiveRefundExists extends Conflict {
  override name = 'ActiveRefundExists';
  constructor(refundId: string | undefined) {
    super('ACTIVE_REFUND_EXISTS', 'another refund for this order line is still in progress', { refundId });
  }
}

/** A state change that the refund's current status does not allow (e.g. cancelling a paid refund). */
export class InvalidTransition extends Conflict {
  override name = 'InvalidTransition';
  constructor(from: string, action: string) {
    super('INVALID_STATE', `cannot ${action} a refund in status ${from}`, { status: from });
  }
}

export class IdempotencyKeyReused extends DomainError {
  override name = 'IdempotencyKeyReused';
  constructor() {
    super(
      'unprocessable',
      'IDEMPOTENCY_KEY_REUSED',
      'this Idempotency-Key was already used with a different request body',
    );
  }
}

/**
 * The application asks for what the refund options do not offer (a reason not offered for this order, a passed
 * window, a redeemed voucher, a destination not offered): refused before anything is written, with a code that says
 * why (REASON_NOT_OFFERED, WINDOW_EXPIRED, ALREADY_REDEEMED, DESTINATION_NOT_OFFERED).
 */
export class NotOffered extends DomainError {
  override name = 'NotOffered';
  constructor(code: string, message: string, details?: unknown) {
    super('unprocessable', code, message, { details });
  }
}
