import { scoredVendorLeadResponse, settledVendorLeadResponse } from './vendor-hold.policy';

describe("a list vendor's leads wait for appointments' release", () => {
  it('a scored vendor lead is assigned only once released', () => {
    expect(scoredVendorLeadResponse('released')).toBe('assign');
    expect(scoredVendorLeadResponse('held')).toBe('hold');
    expect(scoredVendorLeadResponse('archived')).toBe('hold');
  });

  it.each([
    [{ status: 'archived', scored: true, routed: false }, 'never'],
    [{ status: 'archived', scored: false, routed: false }, 'never'],
    [{ status: 'released', scored: false, routed: false }, 'wait-for-score'],
    [{ status: 'released', scored: true, routed: true }, 'already-routed'],
    [{ status: 'released', scored: true, routed: false }, 'assign'],
  ] as const)('settled %o: %s', (settled, response) => {
    expect(settledVendorLeadResponse(settled)).toBe(response);
  });
});
