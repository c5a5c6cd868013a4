/** The nurture tables (appointments.schema.ts runs them). */
export const NURTURE_TABLES = [
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
