import { runMigration, type SqlDatabase } from '@leadline/event-store';
import { migrateScheduling } from '@leadline/scheduling';

const STATEMENTS = [
  'create schema if not exists appointments',
  // The hugger queue and each nurtured lead's fate: nurtured (waiting), returned, or recycled.
  `create table if not exists appointments.nurture_prospects (
     lead_id                   text primary key,
     status                    text not null,
     original_ae_id            text,
     return_by                 timestamptz,
     reason                    text not null,
     nurtured_at               timestamptz,
     year_timer_id             uuid,
     returned_at               timestamptz,
     recycled_at               timestamptz,
     available_to_outbound_at  timestamptz,
     updated_at                timestamptz not null
   )`,
  'create index if not exists nurture_prospects_queue on appointments.nurture_prospects (status, return_by)',
];

export async function migrateNurture(db: SqlDatabase): Promise<void> {
  await migrateScheduling(db);
  await runMigration(db, 'leadline.appointments.migrate', STATEMENTS);
}
