export * from './config';
export * from './service-descriptor';
export { openDatabase, openMigratedDatabase } from './infrastructure.providers';
export * from './platform.tokens';
export * from './platform.module';
export * from './bootstrap-service';
export { createKafkaClient, kafkaConnectionOptions } from './kafka-client';
export * from './logging';
export { EventLogServer, EVENT_LOG } from './reactions/event-log.server';
export { EventContext } from './reactions/event-context';
export { appendOutcomes } from './reactions/append-outcomes';
export type { ReactionPattern, ReactionExtras } from './reactions/reaction.pattern';
export { OFF_THE_LINE } from './reactions/reaction.pattern';
export { TimerRunner } from './timers/timer-runner';
export { PlatformMetrics, METRICS_PATH } from './monitoring/platform-metrics';
export { serviceSettings, type ServiceOptions } from './service/service-options';
export {
  causedBy,
  serviceHandler,
  serviceReaction,
  type Caused,
  type CausedByOptions,
  type ServiceHandlerBase,
  type ServiceReactionBase,
} from './service/service-handler';
export { domainErrorFilter } from './http/domain-error.filter';
export * from './http/openapi';
export type { Readiness, DependencyCheck } from './health/readiness.service';
export { ServiceInfoDto, ApiServiceInfo } from './service-info.dto';
export { NdjsonWriter, failRawRequest } from './http/ndjson';
export { spoolUpload, type SpooledUpload } from './http/upload-spool';
export { IntakeRateLimit, IntakeRateLimitGuard } from './http/rate-limit/intake-rate-limit';
export { UploadTooLargeError, refuseDeclaredOversize, byteLimit, uploadBytesProblem, uploadRowsProblem } from './http/upload-limits';
export { INPUT_LIMITS, findUnsafeInput, unsafeTextReason, logSlowValidation, type InputProblem } from './http/edge';
export { WorkingHoursDto, CLOCK_TIME } from './http/working-hours.dto';
export { RosterMemberDto, RosterTimeOffDto, ROSTER_ID } from './roster/roster-member.dto';
export { upsertRosterMember, type RosterTable } from './roster/roster.repository';
export { RosterRoute } from './roster/roster-routes';
export * from './http/idempotency';
export { Drain, DRAIN_RETRY_AFTER_S } from './lifecycle/drain';
export { AdmissionGate } from './http/admission/admission-gate';
export { IntakeBacklog, IntakeBacklogLimit, type IntakeBacklogStatus } from './http/admission/intake-backlog';
export { shutDownGracefully } from './lifecycle/graceful-shutdown';
export * from './privacy';
export * from './contracts';
export { KafkaTopicsReport, TopicSettingsMismatchError } from './health/kafka-topics.report';
export * from './auth';
