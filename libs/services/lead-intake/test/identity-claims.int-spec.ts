import { openDatabase } from '@leadline/event-store/testing';
import { DRIVERS, freshStoreLocation, type StoreLocation } from '@leadline/testing';
import type { SqlDatabase } from '@leadline/event-store';
import { claimIdentities, findClaims, FIND_CLAIMS_SQL } from '../src/capture/identity-locks';
import { migrateLeadIntake } from '../src/schema/lead-intake.schema';

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] };

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

describe.each(DRIVERS)('identity claims lookup on %s', (driver) => {
  let where: StoreLocation;
  let db: SqlDatabase;
  beforeAll(async () => {
    where = await freshStoreLocation(driver, `intake-claims-${driver}`);
    db = await openDatabase(driver, where.location);
    await migrateLeadIntake(db);
    // A few hundred claims in a table never analysed: where the planner used to scan it whole.
    for (let i = 0; i < 100; i++) {
      await claimIdentities(db, `L${i}`, [
        { kind: 'email', value: `e${i}` },
        { kind: 'phone', value: `p${i}` },
        { kind: 'company', value: `c${i}` },
      ]);
    }
  });
  afterAll(async () => {
    await db?.close();
    await where?.cleanup();
  });

  it('finds each claim by its primary key, not by scanning every claim', async () => {
    const { rows } = await db.query<{ 'QUERY PLAN': unknown }>(`explain (format json) ${FIND_CLAIMS_SQL}`, [
      ['email', 'phone', 'company'],
      ['e7', 'p-none', 'c9'],
    ]);
    const raw = rows[0]['QUERY PLAN'];
    const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
    const onClaims = nodesOf(plan[0].Plan).filter((node) => node['Relation Name'] === 'identity_claims');
    expect(onClaims.length).toBeGreaterThan(0);
    expect(onClaims.map((node) => node['Node Type'])).not.toContain('Seq Scan');
  });

  it('answers the lead that holds each claimed key, and nothing for an unclaimed one', async () => {
    const claims = await findClaims(db, [
      { kind: 'email', value: 'e7' },
      { kind: 'phone', value: 'p-none' },
      { kind: 'company', value: 'c9' },
    ]);
    expect(claims.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: 'company', value: 'c9', leadId: 'L9' },
      { kind: 'email', value: 'e7', leadId: 'L7' },
    ]);
  });
});
