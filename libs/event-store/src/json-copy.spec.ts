import { deepStrictEqual } from 'node:assert/strict';
import fc from 'fast-check';
import { jsonCopy } from './json-copy';

/** What a copy through the text gives, or the kind of error it throws. */
function throughText(value: unknown): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(JSON.stringify(value)) as unknown };
  } catch (error) {
    return { error: (error as Error).constructor.name };
  }
}

function copied(value: unknown): { value: unknown } | { error: string } {
  try {
    return { value: jsonCopy(value) };
  } catch (error) {
    return { error: (error as Error).constructor.name };
  }
}

describe('jsonCopy', () => {
  it('gives back what JSON.parse(JSON.stringify(value)) gives, or throws what it throws, for any value', () => {
    const anything = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withNullPrototype: true,
      withObjectString: true,
      withSet: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true,
      key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'toJSON', 'constructor', '0', '10', '-1')),
    });
    fc.assert(
      fc.property(anything, (value) => {
        // Node's strict deep equality tells 0 from -0, a missing property from an undefined one, a hole from undefined,
        // and compares prototypes (jest's toStrictEqual compares `constructor`, which a generated key may be).
        deepStrictEqual(copied(value), throughText(value));
      }),
      { numRuns: 3_000 },
    );
  });

  it('gives back what the text gives for data of plain objects, arrays and any number, string or left-out value', () => {
    const leaf = fc.oneof(
      fc.double(),
      fc.integer(),
      fc.string({ unit: 'binary' }),
      fc.boolean(),
      fc.constantFrom(null, undefined, -0, NaN, Infinity, -Infinity, () => 1, Symbol('s')),
    );
    const data = fc.anything({ values: [leaf], withSparseArray: true, withNullPrototype: true, maxDepth: 4 });
    fc.assert(
      fc.property(data, (value) => deepStrictEqual(copied(value), throughText(value))),
      { numRuns: 3_000 },
    );
  });

  it('follows JSON where it changes a value: -0, NaN, ±Infinity, undefined, functions, symbols, holes', () => {
    const value = {
      zero: -0,
      nan: NaN,
      infinite: [Infinity, -Infinity, -0],
      gone: undefined,
      fn: () => 1,
      symbol: Symbol('s'),
      list: [undefined, () => 1, Symbol('t'), , 2], // eslint-disable-line no-sparse-arrays
    };
    deepStrictEqual(jsonCopy(value), { zero: 0, nan: null, infinite: [null, null, 0], list: [null, null, null, null, 2] });
  });

  it('leaves a value with a date, a toJSON or a class instance to JSON', () => {
    class Money {
      constructor(readonly amount = 5) {}
    }
    const value = { zero: -0, at: new Date('2026-12-07T22:00:00.000Z'), custom: { toJSON: () => 'custom' }, money: new Money() };
    deepStrictEqual(jsonCopy(value), { zero: 0, at: '2026-12-07T22:00:00.000Z', custom: 'custom', money: { amount: 5 } });
  });

  it('keeps an own __proto__ key an own property, as JSON.parse makes it', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const copy = jsonCopy(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('shares nothing with the value it copies', () => {
    const value = { contact: { email: 'pat@example.com' }, tags: [{ name: 'a' }] };
    const copy = jsonCopy(value);
    copy.contact.email = 'changed';
    copy.tags[0].name = 'changed';
    copy.tags.push({ name: 'b' });
    expect(value).toEqual({ contact: { email: 'pat@example.com' }, tags: [{ name: 'a' }] });
  });

  it('throws as JSON does for a cycle and a bigint, and copies nesting deeper than its walk', () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    expect(() => jsonCopy(cycle)).toThrow(TypeError);
    expect(() => jsonCopy({ n: 1n })).toThrow(TypeError);
    let deep: unknown = 'bottom';
    for (let i = 0; i < 200; i++) deep = i % 2 === 0 ? { next: deep } : [deep];
    expect(jsonCopy(deep)).toStrictEqual(JSON.parse(JSON.stringify(deep)));
  });
});
