/**
 * The API's rules for a return address (functions/domain/return-address.ts; test/unit/web-return-address.test.ts
 * keeps them equal), repeated here so the browser bundle does not carry the domain's schema library. No DOM: the
 * unit test imports it.
 */

export const LIMITS = { name: 50, address: 128, phone: 20 } as const;
export const PHONE = /^(?:(?:\+?86)?1[3-9]\d{9}|0\d{2,3}-?[2-9]\d{6,7}(?:-\d{1,6})?)$/;
export const POSTCODE = /^\d{6}$/;

/** The fields a merchant types. */
export interface AddressInput {
  name: string;
  phone: string;
  address: string;
  postcode?: string;
}

/** What is wrong with a field: empty, longer than allowed, or not in the expected form. */
export type Problem = 'missing' | 'tooLong' | 'format';

/** Field name → its problem; empty when the address would be accepted. */
export function addressProblems(a: AddressInput): Partial<Record<keyof AddressInput, Problem>> {
  const problems: Partial<Record<keyof AddressInput, Problem>> = {};
  if (!a.name.trim()) problems.name = 'missing';
  else if (a.name.length > LIMITS.name) problems.name = 'tooLong';
  if (!a.phone) problems.phone = 'missing';
  else if (a.phone.length > LIMITS.phone || !PHONE.test(a.phone)) problems.phone = 'format';
  if (!a.address.trim()) problems.address = 'missing';
  else if (a.address.length > LIMITS.address) problems.address = 'tooLong';
  if (a.postcode && !POSTCODE.test(a.postcode)) problems.postcode = 'format';
  return problems;
}

/** A typed address on one line: line breaks (and the spaces around them) become one space; trimmed. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
