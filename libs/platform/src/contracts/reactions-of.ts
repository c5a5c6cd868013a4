import 'reflect-metadata';
import type { DynamicModule, Type } from '@nestjs/common';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import type { ServiceDescriptor } from '../service-descriptor';

/** One `@EventPattern` reaction of a service, read from its controllers' metadata (no app needed). */
export interface DeclaredReaction {
  readonly service: string;
  readonly kind: 'subscription' | 'processor';
  readonly name: string;
  readonly category: string;
  readonly type: string;
}

/** Every reaction the services' modules declare, in declaration order (what EventLogServer will serve). */
export function reactionsOf(services: readonly ServiceDescriptor[]): DeclaredReaction[] {
  const reactions: DeclaredReaction[] = [];
  for (const service of services) {
    for (const controller of controllersOf(service.module, new Set())) {
      const prototype = controller.prototype as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(prototype)) {
        const method = key === 'constructor' ? undefined : Object.getOwnPropertyDescriptor(prototype, key)?.value;
        if (typeof method !== 'function') continue;
        const patterns = (Reflect.getMetadata(PATTERN_METADATA, method) ?? []) as unknown[];
        for (const pattern of patterns) {
          const p = (pattern ?? {}) as Record<string, unknown>;
          const kind = typeof p.subscription === 'string' ? 'subscription' : typeof p.processor === 'string' ? 'processor' : undefined;
          if (!kind || typeof p.category !== 'string' || typeof p.type !== 'string') continue;
          reactions.push({ service: service.name, kind, name: p[kind] as string, category: p.category, type: p.type });
        }
      }
    }
  }
  return reactions;
}

function controllersOf(module: Type | DynamicModule | Promise<DynamicModule> | undefined, seen: Set<unknown>): Type[] {
  if (!module || module instanceof Promise || seen.has(module)) return [];
  seen.add(module);
  const dynamic = 'module' in module ? (module as DynamicModule) : undefined;
  const moduleClass = dynamic ? dynamic.module : (module as Type);
  const controllers: Type[] = [
    ...((Reflect.getMetadata('controllers', moduleClass) ?? []) as Type[]),
    ...((dynamic?.controllers ?? []) as Type[]),
  ];
  const imports = [...((Reflect.getMetadata('imports', moduleClass) ?? []) as Type[]), ...(dynamic?.imports ?? [])];
  for (const imported of imports) controllers.push(...controllersOf(imported as Type | DynamicModule, seen));
  return [...new Set(controllers)];
}
