import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@leadline/domain';
import { Authenticator } from './authenticator';
import type { Principal } from './principal';
import { PUBLIC_METADATA, ROLES_METADATA } from './roles.decorator';

interface AuthRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  principal?: Principal;
  /** The same principal where Nest's conventions look for it (idempotency keys are scoped by `user.id`). */
  user?: Principal;
}

/**
 * Deny by default: an HTTP route answers only a caller holding one of its @Roles (admin holds
 * every role), or anyone when it is @Public(); a route declaring neither answers nobody (and the
 * platform refuses to start with one). No credentials or bad ones: 401; the wrong role: 403.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Event reactions (the microservice side) are not requests.
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_METADATA, targets);
    if (!roles) throw new ForbiddenException('this route declares no roles');

    const request = context.switchToHttp().getRequest<AuthRequest>();
    const principal = await this.authenticator.authenticate(request);
    if (!principal) {
      const response = context.switchToHttp().getResponse<{ setHeader(name: string, value: string): void }>();
      response.setHeader('WWW-Authenticate', 'Bearer realm="leadline"');
      throw new UnauthorizedException('an API key or bearer token is required (missing, unknown, revoked or expired)');
    }
    request.principal = principal;
    request.user = principal;
    if (principal.roles.includes('admin') || principal.roles.some((role) => roles.includes(role))) return true;
    throw new ForbiddenException(`needs one of the roles ${['admin', ...roles].join(', ')}`);
  }
}
