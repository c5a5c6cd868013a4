import { DEFAULT_CAPTURE_GROUP_MAX, loadLeadIntakeConfig } from './lead-intake.config';

describe('loadLeadIntakeConfig', () => {
  it('groups up to 64 concurrent captures by default; INTAKE_CAPTURE_GROUP_MAX sets the bound, 1 turns grouping off', () => {
    expect(loadLeadIntakeConfig({})).toEqual({ captureGroupMax: DEFAULT_CAPTURE_GROUP_MAX });
    expect(DEFAULT_CAPTURE_GROUP_MAX).toBe(64);
    expect(loadLeadIntakeConfig({ INTAKE_CAPTURE_GROUP_MAX: '' }).captureGroupMax).toBe(64);
    expect(loadLeadIntakeConfig({ INTAKE_CAPTURE_GROUP_MAX: '1' }).captureGroupMax).toBe(1);
    expect(loadLeadIntakeConfig({ INTAKE_CAPTURE_GROUP_MAX: '1000' }).captureGroupMax).toBe(1000);
  });

  it.each(['0', '1001', 'many', '-3'])('refuses INTAKE_CAPTURE_GROUP_MAX=%s, naming the variable and its range', (value) => {
    expect(() => loadLeadIntakeConfig({ INTAKE_CAPTURE_GROUP_MAX: value })).toThrow(
      `INTAKE_CAPTURE_GROUP_MAX must be an integer from 1 to 1000 (got "${value}")`,
    );
  });
});
