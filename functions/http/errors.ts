/**
 * Domain errors at the HTTP edge: each transport-neutral kind (functions/domain/errors.ts) becomes the status code
 * the API documents in openapi.json. The only place that knows both.
 */
import type { DomainError, ErrorKind } from '../domain/errors.ts';

export const HTTP_STATUS: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  unprocessable: 422,
};

export const httpStatusOf = (error: DomainError): number => HTTP_STATUS[error.kind];
