import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { icpModelProblems } from '@leadline/domain';
import { DEFAULT_ICP_MODEL } from '@leadline/domain';
import { loadScoringModel } from './scoring.config';

const dir = mkdtempSync(join(tmpdir(), 'scoring-config-'));
const fileWith = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('loadScoringModel', () => {
  it('the shipped default model is valid and is version 1', () => {
    expect(icpModelProblems(DEFAULT_ICP_MODEL)).toEqual([]);
    expect(loadScoringModel({})).toMatchObject({ modelId: 'leadline-icp', version: 1 });
  });

  it('SCORING_MODEL_FILE overrides the default with a validated model', () => {
    const path = fileWith('v2.json', JSON.stringify({ ...DEFAULT_ICP_MODEL, version: 2 }));
    expect(loadScoringModel({ SCORING_MODEL_FILE: path }).version).toBe(2);
  });

  it('an unreadable file is a configuration error naming it', () => {
    expect(() => loadScoringModel({ SCORING_MODEL_FILE: join(dir, 'missing.json') })).toThrow(
      /SCORING_MODEL_FILE must name a readable JSON file .*missing.json/,
    );
    expect(() => loadScoringModel({ SCORING_MODEL_FILE: fileWith('bad.json', '{') })).toThrow(/readable JSON file/);
  });

  it('an invalid model is a configuration error listing its problems', () => {
    const path = fileWith(
      'invalid.json',
      JSON.stringify({ ...DEFAULT_ICP_MODEL, weights: { ...DEFAULT_ICP_MODEL.weights, leadSource: 50 } }),
    );
    expect(() => loadScoringModel({ SCORING_MODEL_FILE: path })).toThrow(/weights must sum to 100 \(they sum to 130\)/);
  });
});
