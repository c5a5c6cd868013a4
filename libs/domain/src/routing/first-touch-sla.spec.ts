import { firstTouchDueAt, firstTouchMinutes, type FirstTouchSlaPolicy } from './first-touch-sla';

const policy: FirstTouchSlaPolicy = {
  defaultMinutes: 5,
  overrides: { 'demo-request/enterprise': 2, 'content-download': 30, enterprise: 3 },
};

describe('first-touch SLA', () => {
  it.each([
    ['source and segment together win', 'demo-request', 'enterprise', 2],
    ['a source rule beats a segment rule', 'content-download', 'enterprise', 30],
    ['a segment rule applies to any source', 'inbound-web', 'enterprise', 3],
    ['otherwise the default of 5 minutes', 'inbound-web', 'smb', 5],
  ] as const)('%s', (_rule, source, segment, minutes) => {
    expect(firstTouchMinutes(policy, source, segment)).toBe(minutes);
  });

  it('the due time counts from the given instant', () => {
    expect(firstTouchDueAt(policy, 'inbound-web', 'smb', '2026-03-02T09:00:00.000Z')).toBe('2026-03-02T09:05:00.000Z');
  });
});
