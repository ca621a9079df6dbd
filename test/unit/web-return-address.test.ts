/**
 * The console's return address form checks what the API checks (functions/domain/return-address.ts) before sending,
 * with a message per field; its copy of the rules must not drift from the domain's.
 */
import { describe, expect, it } from 'vitest';
import { CN_PHONE_PATTERN, CN_POSTCODE_PATTERN, RETURN_ADDRESS_LIMITS } from '../../functions/domain/return-address.ts';
import { addressProblems, LIMITS, oneLine, PHONE, POSTCODE } from '../../web/src/return-address-rules.ts';

describe('the console’s return address rules', () => {
  it('are the domain’s', () => {
    expect(PHONE.source).toBe(CN_PHONE_PATTERN.source);
    expect(POSTCODE.source).toBe(CN_POSTCODE_PATTERN.source);
    expect(LIMITS).toEqual(RETURN_ADDRESS_LIMITS);
  });

  it('name each field that is wrong, and nothing when the address is fine', () => {
    expect(addressProblems({ name: '张三', phone: '13812345678', address: '浙江省杭州市西湖区文三路 1 号' })).toEqual(
      {},
    );
    expect(
      Object.keys(addressProblems({ name: ' ', phone: '138 1234 5678', address: '', postcode: '31000' })).sort(),
    ).toEqual(['address', 'name', 'phone', 'postcode']);
    expect(addressProblems({ name: 'a'.repeat(51), phone: '010-62345678', address: 'x' })).toHaveProperty('name');
  });
});

describe('an address typed over several lines', () => {
  it('is sent on one line, as labels and the buyer\u2019s SMS print it', () => {
    expect(oneLine('浙江省杭州市\n余杭区文一西路 1 号  \r\n  3 楼')).toBe('浙江省杭州市 余杭区文一西路 1 号 3 楼');
    expect(oneLine('  one line  ')).toBe('one line');
  });
});
