import { Injectable, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PUBLIC_METADATA, ROLES_METADATA } from './roles.decorator';

export interface DeclaredRoute {
  readonly controller: string;
  readonly handler: string;
  readonly method: string;
  readonly path: string;
  /** 'public', or the roles that may call it; null when it declares neither. */
  readonly access: 'public' | readonly string[] | null;
}

/**
 * Deny by default, checked at start: every HTTP route of every controller declares @Roles or
 * @Public, or the application refuses to start (a new route cannot be silently public).
 */
@Injectable()
export class RouteDeclarations {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  /** Throws naming every route that declares neither (AuthLifecycle calls it first thing at start). */
  assertAllDeclared(): void {
    const undeclared = this.routes().filter((route) => route.access === null);
    if (undeclared.length > 0) {
      throw new Error(
        `Refusing to start: routes without @Roles(...) or @Public(): ${undeclared
          .map((route) => `${route.method} /${route.path} (${route.controller}.${route.handler})`)
          .join(', ')}`,
      );
    }
  }

  /** Every HTTP route with what it declares (the @EventPattern handlers on controllers are not routes). */
  routes(): DeclaredRoute[] {
    const routes: DeclaredRoute[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const type = wrapper.metatype as (abstract new (...args: never[]) => unknown) | undefined;
      if (!type) continue;
      const prototype = type.prototype as Record<string, unknown>;
      const base = this.reflector.get<string | string[] | undefined>(PATH_METADATA, type) ?? '';
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as (...args: unknown[]) => unknown;
        const method = this.reflector.get<RequestMethod | undefined>(METHOD_METADATA, handler);
        const path = this.reflector.get<string | string[] | undefined>(PATH_METADATA, handler);
        if (method === undefined || path === undefined) continue;
        const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, [handler, type]);
        const roles = this.reflector.getAllAndOverride<string[] | undefined>(ROLES_METADATA, [handler, type]);
        routes.push({
          controller: type.name,
          handler: name,
          method: RequestMethod[method],
          path: [base, path]
            .flat()
            .map((part) => part.replace(/^\/+|\/+$/g, ''))
            .filter(Boolean)
            .join('/'),
          access: isPublic ? 'public' : (roles ?? null),
        });
      }
    }
    return routes;
  }
}
