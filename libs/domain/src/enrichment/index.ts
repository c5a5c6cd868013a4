export type * from './enrichment.events';
export * from './seniority.rules';
export * from './segment.rules';
export * from './territory.rules';
export * from './free-mail.rules';
export * from './enrich-lead';
