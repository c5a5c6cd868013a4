import { requestHash } from './request-hash';

describe('the request hash an Idempotency-Key is checked against', () => {
  it('does not depend on key order or absent fields', () => {
    expect(requestHash({ a: 1, b: { c: 'x', d: [1, 2] } })).toBe(requestHash({ b: { d: [1, 2], c: 'x' }, a: 1, e: undefined }));
  });
  it('changes with any value', () => {
    expect(requestHash({ a: 1, b: [1, 2] })).not.toBe(requestHash({ a: 1, b: [2, 1] }));
    expect(requestHash({ a: '1' })).not.toBe(requestHash({ a: 1 }));
  });
});
