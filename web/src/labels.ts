/**
 * Codes as the console shows them: every code the API returns goes through the shared label catalogue
 * (functions/domain/labels.ts) in the console's language; the console never prints a code itself.
 */
import { type LabelKind, label } from '../../functions/domain/labels.ts';
import { lang } from './session.ts';

/** The label of `code` in the console's language. */
export const labelOf = (kind: LabelKind, code: string): string => label(kind, code, lang());
