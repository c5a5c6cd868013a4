/** Test helpers over the domain (`@leadline/domain/testing`): for specs and test fixtures only, never production code. */
export * from './decider-specification';
export * from './lead-events';
