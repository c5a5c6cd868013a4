export * from './normalise';
export * from './capture';
export * from './lead-intake.decider';
