export * from './cloud-event-type';
export * from './event-contracts';
export * from './upcasters';
