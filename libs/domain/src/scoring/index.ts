export type * from './scoring.events';
export * from './icp-model';
export * from './icp-model.validation';
export * from './score-lead';
export * from './default-icp-model';
export * from './active-model';
