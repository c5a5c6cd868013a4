import { captureGroupBound, DEFAULT_CAPTURE_GROUP_MAX, loadLeadIntakeConfig } from './lead-intake.config';

describe('loadLeadIntakeConfig', () => {
  it('groups up to 64 concurrent captures by default, on PGlite and on a PostgreSQL server alike; INTAKE_CAPTURE_GROUP_MAX sets the bound on either, 1 turns grouping off', () => {
    expect(DEFAULT_CAPTURE_GROUP_MAX).toBe(64);
    for (const unset of [{}, { INTAKE_CAPTURE_GROUP_MAX: '' }, { INTAKE_CAPTURE_GROUP_MAX: ' ' }]) {
      const config = loadLeadIntakeConfig(unset);
      expect(config).toEqual({});
      expect(captureGroupBound(config)).toBe(64);
    }
    for (const [value, bound] of [
      ['1', 1],
      ['64', 64],
      ['1000', 1000],
    ] as const) {
      const config = loadLeadIntakeConfig({ INTAKE_CAPTURE_GROUP_MAX: value });
      expect(captureGroupBound(config)).toBe(bound);
    }
  });

  it.each(['0', '1001', 'many', '-3'])('refuses INTAKE_CAPTURE_GROUP_MAX=%s, naming the variable and its range', (value) => {
    expect(() => loadLeadIntakeConfig({ INTAKE_CAPTURE_GROUP_MAX: value })).toThrow(
      `INTAKE_CAPTURE_GROUP_MAX must be an integer from 1 to 1000 (got "${value}")`,
    );
  });
});
