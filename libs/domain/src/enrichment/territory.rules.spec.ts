import type { Segment } from './enrichment.events';
import { territoryOf, territoryRulesProblems, type TerritoryRule } from './territory.rules';

describe('territoryOf with the default rules (first match wins)', () => {
  it.each<[string | null, string | null, Segment, string | null]>([
    ['US', 'americas', 'enterprise', 'na-enterprise'],
    ['US', 'americas', 'smb', 'na'],
    ['ca', 'americas', 'mid-market', 'na'],
    ['DE', 'emea', 'enterprise', 'dach'],
    ['GB', 'emea', 'smb', 'uki'],
    ['FR', 'emea', 'smb', 'emea'],
    ['JP', 'apac', 'smb', 'apac'],
    ['BR', 'americas', 'smb', 'latam'],
    [null, null, 'unknown', null],
  ])('country %p, region %p, segment %s → %p', (country, region, segment, expected) => {
    expect(territoryOf({ country, region, segment })).toBe(expected);
  });
});

describe('territoryOf with configured rules', () => {
  const rules: TerritoryRule[] = [
    { territory: 'strategic', segments: ['enterprise'] },
    { territory: 'france', countries: ['FR'] },
    { territory: 'rest' },
  ];
  it('the earlier rule wins when two match', () => {
    expect(territoryOf({ country: 'FR', region: 'emea', segment: 'enterprise' }, rules)).toBe('strategic');
  });
  it('a rule without criteria is a catch-all', () => {
    expect(territoryOf({ country: null, region: null, segment: 'unknown' }, rules)).toBe('rest');
  });
  it('a criterion never matches an unknown value', () => {
    expect(territoryOf({ country: null, region: null, segment: 'smb' }, [{ territory: 'fr', countries: ['FR'] }])).toBeNull();
  });
});

describe('territoryRulesProblems', () => {
  it.each<[unknown, RegExp]>([
    [{}, /JSON array/],
    [[{ countries: ['US'] }], /territory must be/],
    [[{ territory: 'x', countries: ['usa'] }], /alpha-2/],
    [[{ territory: 'x', segments: ['huge'] }], /segments must be among/],
    [[{ territory: 'x', regions: 'emea' }], /regions must be a list/],
    [[{ territory: 'x', city: 'Paris' }], /unknown field/],
  ])('rejects %j', (rules, problem) => {
    expect(territoryRulesProblems(rules).join('; ')).toMatch(problem);
  });
  it('accepts valid rules', () => expect(territoryRulesProblems([{ territory: 'x', countries: ['US'], segments: ['smb'] }])).toEqual([]));
});
