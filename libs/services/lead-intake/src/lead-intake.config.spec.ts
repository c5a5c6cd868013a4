import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CAPTURE_GROUP_MAX, DEFAULT_CAPTURE_GROUP_MAX_ON_SERVER, loadLeadIntakeConfig } from './lead-intake.config';

describe('loadLeadIntakeConfig', () => {
  it('groups up to 64 concurrent captures by default; INTAKE_CAPTURE_GROUP_MAX sets the bound, 1 turns grouping off', () => {
    expect(loadLeadIntakeConfig({})).toEqual({ captureGroupMax: DEFAULT_CAPTURE_GROUP_MAX });
    expect(DEFAULT_CAPTURE_GROUP_MAX).toBe(64);
    expect(loadLeadIntakeConfig({ INTAKE_CAPTURE_GROUP_MAX: '' }).captureGroupMax).toBe(64);
    expect(loadLeadIntakeConfig({ INTAKE_CAPTURE_GROUP_MAX: '1' }).captureGroupMax).toBe(1);
    expect(loadLeadIntakeConfig({ INTAKE_CAPTURE_GROUP_MAX: '1000' }).captureGroupMax).toBe(1000);
  });

  it('keeps a transaction per request by default on a PostgreSQL server (DATABASE_URL); the setting still wins', () => {
    const pg = 'postgres://leadline@db:5432/leadline';
    expect(DEFAULT_CAPTURE_GROUP_MAX_ON_SERVER).toBe(1);
    expect(loadLeadIntakeConfig({ DATABASE_URL: pg }).captureGroupMax).toBe(1);
    const dir = mkdtempSync(join(tmpdir(), 'intake-config-'));
    writeFileSync(join(dir, 'database-url'), `${pg}\n`);
    try {
      expect(loadLeadIntakeConfig({ DATABASE_URL_FILE: join(dir, 'database-url') }).captureGroupMax).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(loadLeadIntakeConfig({ DATABASE_URL: pg, INTAKE_CAPTURE_GROUP_MAX: '64' }).captureGroupMax).toBe(64);
    expect(loadLeadIntakeConfig({ DATABASE_URL: ' ' }).captureGroupMax).toBe(64);
  });

  it.each(['0', '1001', 'many', '-3'])('refuses INTAKE_CAPTURE_GROUP_MAX=%s, naming the variable and its range', (value) => {
    expect(() => loadLeadIntakeConfig({ INTAKE_CAPTURE_GROUP_MAX: value })).toThrow(
      `INTAKE_CAPTURE_GROUP_MAX must be an integer from 1 to 1000 (got "${value}")`,
    );
  });
});
