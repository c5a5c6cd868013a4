import { findUnsafeInput, jsonDepthWithin, unsafeTextReason } from './input-limits';

const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { next: nested(depth - 1) });

describe('input limits', () => {
  it('refuses text PostgreSQL would refuse or alter: NUL and lone surrogates; keeps paired surrogates (emoji)', () => {
    expect(unsafeTextReason('a\u0000b')).toMatch(/NUL/);
    expect(unsafeTextReason('x\ud800')).toMatch(/surrogate/);
    expect(unsafeTextReason('\udc00x')).toMatch(/surrogate/);
    expect(unsafeTextReason('\udc00\ud800')).toMatch(/surrogate/);
    expect(unsafeTextReason('Zoë 🚀 北京')).toBeUndefined();
  });

  it('names the first unsafe value, key or prototype key by its path', () => {
    expect(findUnsafeInput({ contact: { phone: ['ok', 'b\u0000ad'] } }, 'body')).toEqual({
      field: 'body.contact.phone[1]',
      reason: 'contains a NUL character',
    });
    expect(findUnsafeInput(JSON.parse('{"a":{"__proto__":{"polluted":true}}}'), 'body')?.field).toBe('body.a.__proto__');
    expect(findUnsafeInput({ attributes: { constructor: 'x' } }, 'body')?.reason).toMatch(/reserved property name constructor/);
    expect(findUnsafeInput({ ['k\ud800']: 1 }, 'query')?.reason).toMatch(/property name that contains a lone/);
    expect(findUnsafeInput({ fine: [1, true, null, 'text', { deeper: 'ok' }] }, 'body')).toBeUndefined();
  });

  it('refuses nesting beyond 32 levels without recursion, whatever the depth', () => {
    expect(findUnsafeInput(nested(32), 'body')).toBeUndefined();
    expect(findUnsafeInput(nested(33), 'body')?.reason).toMatch(/nested deeper than 32/);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnsafeInput(deep, 'body')?.reason).toMatch(/nested deeper/);
  });

  it('refuses a body with more values than a form ever holds, by count (the answer depends on the input, not on how busy the machine is)', () => {
    expect(findUnsafeInput({ ids: new Array(9_998).fill(0) }, 'body')).toBeUndefined();
    expect(findUnsafeInput({ ids: new Array(10_000).fill(0) }, 'body')).toEqual({ field: 'body', reason: 'holds more than 10000 values' });
  });

  it('measures JSON nesting on the raw bytes, ignoring brackets inside strings', () => {
    const encode = (text: string) => new TextEncoder().encode(text);
    expect(jsonDepthWithin(encode('{"a":[[1]],"b":"[[[[[[[[[["}'), 3)).toBe(true);
    expect(jsonDepthWithin(encode('{"a":[[[1]]]}'), 3)).toBe(false);
    expect(jsonDepthWithin(encode('{"q":"\\"[[[[[[","r":1}'), 1)).toBe(true);
    expect(jsonDepthWithin(encode('['.repeat(50_000)), 32)).toBe(false);
  });
});
