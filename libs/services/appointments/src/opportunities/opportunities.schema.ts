/** The opportunity tables (appointments.schema.ts runs them). */
export const OPPORTUNITY_TABLES = [
  // A lead's current opportunity: the first held appointment opens one, later ones do not while it is open or won.
  `create table if not exists appointments.opportunity_by_lead (
     lead_id         text primary key,
     opportunity_id  text not null,
     ae_id           text not null,
     status          text not null,
     stage           text not null,
     opened_at       timestamptz not null,
     updated_at      timestamptz not null
   )`,
  'create index if not exists opportunity_by_lead_opportunity on appointments.opportunity_by_lead (opportunity_id)',
];
