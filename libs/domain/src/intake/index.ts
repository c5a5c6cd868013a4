export type * from './lead-intake.events';
export * from './lead-intake.errors';
export * from './normalise';
export * from './duplicate.rules';
export * from './completeness.rules';
export * from './lead-intake.decider';
export * from './personal-data';
