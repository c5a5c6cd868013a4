export { Roles, Public, Caller, ROLES_EXTENSION, API_KEY_SCHEME, BEARER_SCHEME } from './roles.decorator';
export {
  allowedSourcesOf,
  assertHasRole,
  assertMayActOn,
  assertMayRead,
  assertMaySubmitSource,
  assertManagesTeamOf,
  managesTeamOf,
  teamScoped,
  ownRowsOf,
  sourceRefusal,
  type Owners,
  type Principal,
} from './principal';
export { ApiKeys, type IssueApiKeyRequest, type IssuedApiKey } from './api-keys.service';
export type { ApiKeyView } from './api-keys.repository';
export { generateApiKey, parseApiKey } from './api-key.secret';
export { loadAuthConfig, OIDC_ALGORITHMS, type AuthConfig, type OidcConfig } from './auth.config';
export { ADMIN_KEY_FILE } from './auth.lifecycle';
export { RouteDeclarations, type DeclaredRoute } from './route-declarations';
