import { chooseCustomerManager, type ManagerLoad } from './customer-manager-assignment';

describe('customer manager assignment', () => {
  const m = (managerId: string, clients: number, segments: string[] = ['smb'], capacity = 150): ManagerLoad => ({
    managerId,
    segments,
    capacity,
    clients,
  });

  it('gives the customer to the manager with the fewest clients among those covering its segment', () => {
    const choice = chooseCustomerManager([m('ann', 40), m('ben', 12), m('cat', 3, ['enterprise'])], 'smb');
    expect(choice).toMatchObject({ managerId: 'ben', segmentMatched: true });
    expect(choice?.pool.map((p) => [p.managerId, p.segmentMatch])).toEqual([
      ['ann', true],
      ['ben', true],
      ['cat', false],
    ]);
  });

  it('skips a manager at capacity even when they have the fewest clients of a segment', () => {
    expect(chooseCustomerManager([m('ann', 100, ['smb'], 100), m('ben', 120)], 'smb')?.managerId).toBe('ben');
  });

  it('falls back to the least-loaded manager of any segment when nobody under capacity covers it, and says so', () => {
    const choice = chooseCustomerManager([m('ann', 150, ['enterprise']), m('ben', 20, ['smb']), m('cat', 7, ['mid-market'])], 'enterprise');
    expect(choice).toMatchObject({ managerId: 'cat', segmentMatched: false });
  });

  it('treats * as every segment and a customer without a segment as covered by everyone', () => {
    expect(chooseCustomerManager([m('ann', 5, ['*']), m('ben', 1, ['smb'])], 'enterprise')).toMatchObject({
      managerId: 'ann',
      segmentMatched: true,
    });
    expect(chooseCustomerManager([m('ann', 5, ['enterprise']), m('ben', 1, ['smb'])], null)).toMatchObject({
      managerId: 'ben',
      segmentMatched: true,
    });
  });

  it('breaks ties by the lower share of capacity used, then by manager id, so the choice is deterministic', () => {
    expect(chooseCustomerManager([m('ben', 10, ['smb'], 100), m('ann', 10, ['smb'], 150)], 'smb')?.managerId).toBe('ann');
    expect(chooseCustomerManager([m('dan', 10), m('bob', 10), m('cid', 10)], 'smb')?.managerId).toBe('bob');
  });

  it('returns nobody when every manager is full', () => {
    expect(chooseCustomerManager([m('ann', 150), m('ben', 100, ['smb'], 100)], 'smb')).toBeNull();
    expect(chooseCustomerManager([], 'smb')).toBeNull();
  });
});
