import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import type { RecordedEvent } from '@leadline/event-store';
import { sameJson, verdictOf } from './event-verification';

const stored: RecordedEvent = {
  id: '0b9f1a52-4c1e-4d3b-9a8e-7d7d2f6c1e01',
  type: 'LeadAssigned',
  data: {
    leadId: 'lead-1',
    sdrId: 'sdr-2',
    decision: { pool: [{ sdrId: 'sdr-2', openLeads: 0, lastAssignedAt: null }], rule: 'round-robin' },
  },
  streamId: 'assignment-lead-1',
  streamVersion: 1,
  category: 'assignment',
  metadata: { schemaVersion: 1 },
  globalPosition: 7n,
  transactionId: 3n,
  recordedAt: new Date('2026-12-07T12:00:00.000Z'),
};

describe('verdictOf', () => {
  it('takes a record whose data is the stored data in another key order (a jsonb read gives its own order)', () => {
    const claimed = {
      ...stored,
      data: JSON.parse(
        '{"sdrId":"sdr-2","decision":{"rule":"round-robin","pool":[{"lastAssignedAt":null,"openLeads":0,"sdrId":"sdr-2"}]},"leadId":"lead-1"}',
      ),
    };
    expect(verdictOf(claimed, stored)).toEqual({ ok: true, event: stored });
  });

  it('refuses a record whose data differs anywhere, and names what differs', () => {
    const claimed = {
      ...stored,
      data: {
        ...(stored.data as object),
        decision: { pool: [{ sdrId: 'sdr-2', openLeads: 1, lastAssignedAt: null }], rule: 'round-robin' },
      },
    };
    expect(verdictOf(claimed, stored)).toEqual({
      ok: false,
      absent: false,
      reason: `event ${stored.id} differs from the stored event in its data`,
    });
    expect(verdictOf({ ...claimed, streamVersion: 2 }, stored)).toMatchObject({
      reason: expect.stringMatching(/in its stream version, data$/),
    });
    expect(verdictOf(claimed, undefined)).toMatchObject({ ok: false, absent: true });
  });
});

describe('sameJson', () => {
  it('tells apart what isDeepStrictEqual tells apart in JSON values', () => {
    expect(sameJson({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameJson({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson([1, 2], [1, 2, 3])).toBe(false);
    expect(sameJson({ 0: 'a' }, ['a'])).toBe(false);
    expect(sameJson(null, {})).toBe(false);
    expect(sameJson('1', 1)).toBe(false);
    expect(sameJson(0, -0)).toBe(false);
    expect(sameJson(Number.NaN, Number.NaN)).toBe(true);
  });

  it('compares values of other kinds as isDeepStrictEqual does (a Date a codec made)', () => {
    expect(sameJson({ at: new Date(1) }, { at: new Date(1) })).toBe(true);
    expect(sameJson({ at: new Date(1) }, { at: new Date(2) })).toBe(false);
    expect(sameJson({ at: new Date(1) }, { at: {} })).toBe(false);
    expect(sameJson(Object.assign(Object.create(null) as object, { a: 1 }), { a: 1 })).toBe(false);
  });

  it('agrees with isDeepStrictEqual on any two JSON values, and on a value and a mutation of its copy', () => {
    const json = fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.parse(JSON.stringify(value)) as unknown);
    fc.assert(fc.property(json, json, (a, b) => sameJson(a, b) === isDeepStrictEqual(a, b)));
    fc.assert(
      fc.property(json, fc.jsonValue({ maxDepth: 1 }), (a, replacement) => {
        const copy = JSON.parse(JSON.stringify(a)) as unknown;
        expect(sameJson(a, copy)).toBe(true);
        // Replace one leaf or member deep inside the copy: both must agree on the result.
        const changed = replaceFirstLeaf(copy, JSON.parse(JSON.stringify(replacement)) as unknown);
        return sameJson(a, changed) === isDeepStrictEqual(a, changed);
      }),
    );
  });
});

/** `value` with its first leaf (depth first) replaced by `by`; `by` itself when `value` is a leaf. */
function replaceFirstLeaf(value: unknown, by: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [by] : [replaceFirstLeaf(value[0], by), ...value.slice(1)];
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return { added: by };
    const [[key, first], ...rest] = entries;
    return Object.fromEntries([[key, replaceFirstLeaf(first, by)], ...rest]);
  }
  return by;
}
