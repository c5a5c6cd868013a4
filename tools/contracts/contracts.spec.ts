import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import {
  ACTIVE_ROUTING_POLICY,
  EVENT_CONTRACTS,
  PUBLISHED_EVENT_TYPES,
  ruleFor,
  schemaPathOf,
  type AssignmentDecision,
} from '@leadline/domain';
import { checkContracts, CONTRACTS_DIR, ROOT } from './contracts';

/**
 * The CI check of the published contracts: what `npm run contracts` would generate from the
 * TypeScript event types is what is checked in, and no published version changed incompatibly.
 */
describe('published event contracts (contracts/)', () => {
  it('are up to date with the event types, compatible and complete (run `npm run contracts` after changing an event type)', () => {
    // A child process: the generator formats with prettier, which jest's CommonJS runtime cannot load.
    const run = spawnSync(process.execPath, ['-r', './tools/register.cjs', 'tools/contracts/generate-contracts.ts', '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toContain(`${PUBLISHED_EVENT_TYPES.length + 2} contract files, up to date`);
  }, 120_000);

  it('flags an incompatible change to a published version and tells what changed', () => {
    const path = `contracts/${schemaPathOf('LeadAssigned', EVENT_CONTRACTS.LeadAssigned.version)}`;
    const published = JSON.parse(readFileSync(join(CONTRACTS_DIR, '..', path), 'utf8'));
    delete published.properties.sdrId;
    published.properties.team.enum.push('partner');
    const check = checkContracts([{ path, content: JSON.stringify(published) }]);
    expect(check.outOfDate).toEqual([path]);
    expect(check.breaking).toEqual([
      `LeadAssigned v${EVENT_CONTRACTS.LeadAssigned.version}: $.sdrId: property removed`,
      `LeadAssigned v${EVENT_CONTRACTS.LeadAssigned.version}: $.team: enum changed from ["inbound","outbound"] to ["inbound","outbound","partner"]`,
    ]);
  });

  it('every published event type has a 2020-12 schema that its example validates against, and that rejects a broken example', () => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
    for (const type of PUBLISHED_EVENT_TYPES) {
      const contract = EVENT_CONTRACTS[type];
      const schema = JSON.parse(readFileSync(join(CONTRACTS_DIR, schemaPathOf(type, contract.version)), 'utf8'));
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      const validate = ajv.compile(schema);
      expect({ type, valid: validate(contract.example), errors: validate.errors ?? null }).toEqual({ type, valid: true, errors: null });
      expect(schema.examples).toEqual([contract.example]);
      const required = (schema.required as string[])[0];
      const broken: Record<string, unknown> = { ...(contract.example as object) };
      delete broken[required];
      expect({ type, valid: validate(broken) }).toEqual({ type, valid: false });
    }
  });

  it("the assignment events' examples record a decision under the rule routing ships for the lead's team, choosing from the pool", () => {
    for (const type of ['LeadAssigned', 'LeadReassigned', 'LeadReopenedForOutbound'] as const) {
      const { decision } = EVENT_CONTRACTS[type].example as { decision: AssignmentDecision };
      const rule = ruleFor(ACTIVE_ROUTING_POLICY, decision.lead.team);
      expect({ type, policyId: decision.policyId, policyVersion: decision.policyVersion }).toEqual({
        type,
        policyId: rule.id,
        policyVersion: rule.version,
      });
      expect(decision.pool.map((p) => p.sdrId)).toContain(decision.chosenSdrId);
      expect(decision.excluded.filter((x) => decision.pool.some((p) => p.sdrId === x.sdrId))).toEqual([]);
    }
  });
});
