export type * from './access.events';
export { AccessError, type AccessErrorCode } from './access.errors';
export { ROLES, isRole, type Role } from './roles';
export { apiKeyDecider, apiKeyProblems, type ApiKey, type ApiKeyCommand, type ApiKeyState } from './api-key.decider';
