/** fast-check arbitraries for hostile input, shared by the API fuzz and the reliability fuzz of every route. */
import fc from 'fast-check';

/** A value no field accepts. */
export const junk = fc.oneof(
  // a control character makes any string invalid: ids, enums, times, currencies and notes all refuse it
  fc.string().map((s) => `\u0001${s}`),
  fc.string({ minLength: 129, maxLength: 400 }),
  fc.constant('x'.repeat(70_000)),
  fc.integer({ min: -1_000_000, max: -1 }),
  fc.double({ noInteger: true, noNaN: true }),
  fc.constant(2 ** 60),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);
/** A path id that is too long, encoded wrongly or has forbidden characters. */
export const badId = fc.oneof(
  fc.string({ minLength: 129, maxLength: 300 }).map((s) => `a${s}`),
  fc.constantFrom('%00', 'a%2Fb', '..', 'a b', '%E2%82', '%F0%9F%98%80', 'a;b', "o'1"),
);
/** A body that is not UTF-8 or not JSON. */
export const badBytes = fc.oneof(
  fc.constant(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])),
  fc.constant(Buffer.from('{"orderId":')),
  fc.constant(Buffer.from('\ud800', 'utf16le')),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((a) => Buffer.concat([Buffer.from([0xc3]), Buffer.from(a)])),
);

/** Breaks a valid body so that it is surely invalid: a wrong value, an unknown field or a missing field. */
export function broken(valid: Record<string, unknown>, required: string[]) {
  return fc.oneof(
    fc.tuple(fc.constantFrom(...Object.keys(valid)), junk).map(([k, v]) => ({ ...valid, [k]: v })),
    fc
      .tuple(fc.string({ minLength: 1, maxLength: 10 }), junk)
      .map(([k, v]) => (k in valid ? { ...valid, [`${k}_x`]: v } : { ...valid, [k]: v })),
    fc.constantFrom(...required).map((k) => {
      const { [k]: _gone, ...rest } = valid;
      return rest;
    }),
    junk,
  );
}
