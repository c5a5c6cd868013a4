import { sqlMigration, type MigrationSet } from '@leadline/event-store';

const BASELINE = [
  // The lab's shadow candidates as their streams (`shadowcandidate-<id>`) left them: the shadow reactions read this.
  `create table if not exists policy_lab.shadow_candidates (
     candidate_id   text primary key,
     kind           text not null check (kind in ('scoring', 'routing')),
     candidate      jsonb not null,
     status         text not null check (status in ('shadowing', 'promoted', 'dropped')),
     registered_at  timestamptz not null,
     settled_at     timestamptz
   )`,
  // Each SDR's load as the line's last routing decision recorded it: a routing shadow ranks an SDR the line
  // left out of its pool (off shift, at capacity) by it.
  `create table if not exists policy_lab.shadow_sdr_loads (
     sdr_id              text primary key,
     open_leads          integer not null,
     week_start          timestamptz not null,
     assigned_this_week  integer not null,
     last_assigned_at    timestamptz
   )`,
];

export const POLICY_LAB_MIGRATIONS: MigrationSet = {
  schema: 'policy_lab',
  migrations: [sqlMigration('PolicyLabBaseline1796947200000', BASELINE)],
};
