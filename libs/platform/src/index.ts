export * from './config';
export * from './service-descriptor';
export * from './platform.tokens';
export * from './platform.module';
export * from './bootstrap-service';
export { ProcessorRunner } from './lifecycle/processor-runner';
export type { Readiness, DependencyCheck } from './health/readiness.service';
export { ServiceInfoDto } from './service-info.dto';
export { NdjsonWriter, failRawRequest } from './http/ndjson';
