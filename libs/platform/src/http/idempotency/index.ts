export { Idempotent, IdempotencyScope } from './idempotent.decorator';
export {
  IdempotencyInterceptor,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_KEY_PATTERN,
  IDEMPOTENT_REPLAYED_HEADER,
  callerOf,
  scopeOf,
} from './idempotency.interceptor';
export {
  IdempotencyStore,
  IDEMPOTENCY_DEFAULTS,
  type IdempotencyClaim,
  type IdempotencyRecordId,
  type IdempotencySettings,
} from './idempotency.store';
export { IDEMPOTENCY_KEYS } from './idempotency.schema';
export { requestHash } from './request-hash';
