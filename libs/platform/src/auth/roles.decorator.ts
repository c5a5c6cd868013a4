import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiSecurity } from '@nestjs/swagger';
import type { Role } from '@leadline/domain';
import { ApiErrors } from '../http/openapi/api-errors.decorator';
import type { Principal } from './principal';

export const ROLES_METADATA = 'leadline:roles';
export const PUBLIC_METADATA = 'leadline:public';
/** The OpenAPI extension listing who may call an operation (the route-enumerating test reads it). */
export const ROLES_EXTENSION = 'x-leadline-roles';
export const API_KEY_SCHEME = 'apiKey';
export const BEARER_SCHEME = 'bearer';

/**
 * Who may call a route (or every route of a controller): holders of any of these roles; admin may
 * call every route. Every route declares this or @Public(): the platform refuses to start otherwise.
 */
export function Roles(...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ROLES_METADATA, roles),
    ApiSecurity(API_KEY_SCHEME),
    ApiBearerAuth(BEARER_SCHEME),
    ApiExtension(ROLES_EXTENSION, roles),
    ApiErrors(401, [
      403,
      `Authenticated without the role: needs one of ${[...new Set(['admin', ...roles])].join(', ')}` +
        (roles.includes('rep') ? '; or a rep acting on what is not assigned to them.' : '.'),
    ]),
  );
}

/** A route anyone may call without credentials (health and readiness). */
export function Public(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(PUBLIC_METADATA, true), ApiExtension(ROLES_EXTENSION, ['public']));
}

/** The authenticated caller of the request (undefined only on public routes). */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): Principal | undefined => {
  return context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
});
