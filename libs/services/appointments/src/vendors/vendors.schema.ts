/** The list-vendor test tables (appointments.schema.ts runs them). */
export const VENDOR_TABLES = [
  `create table if not exists appointments.vendor_vendors (
     vendor_id   text primary key,
     status      text not null,
     decision    jsonb,
     updated_at  timestamptz not null
   )`,
  // Every lead of every list: in the sample or not, and whether it is released, held or archived.
  `create table if not exists appointments.vendor_leads (
     vendor_id  text not null,
     lead_id    text not null,
     list_id    text not null,
     sample     boolean not null,
     status     text not null,
     primary key (vendor_id, lead_id)
   )`,
  'create index if not exists vendor_leads_lead on appointments.vendor_leads (lead_id)',
  // Leads that reached an opportunity (from OpportunityOpened), whichever came first: the list or the opportunity.
  `create table if not exists appointments.vendor_lead_opportunities (
     lead_id         text primary key,
     opportunity_id  text not null,
     opened_at       timestamptz not null
   )`,
];
