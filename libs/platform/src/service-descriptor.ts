import type { DynamicModule, Type } from '@nestjs/common';
import { EVENT_STORE_MIGRATIONS, PRIVACY_MIGRATIONS, uniqueSets, type MigrationSet } from '@leadline/event-store';
import { MESSAGING_MIGRATIONS } from '@leadline/messaging';
import { ACCESS_MIGRATIONS } from './auth/api-keys.repository';
import { PLATFORM_MIGRATIONS } from './http/idempotency/idempotency.schema';
import { HTTP_EDGE_DEFAULTS } from './config/http-settings';

/** What a service tells the platform: its Nest module, the stream categories it owns, the schemas it needs. */
export interface ServiceDescriptor {
  readonly name: string;
  readonly module: Type | DynamicModule;
  /** Categories whose streams only this service writes; the Kafka relay publishes them. */
  readonly ownedCategories: readonly string[];
  /**
   * What its process's `/ready` needs besides the database, with Kafka configured: `joined` (the
   * default) Kafka and every consumer of the process in its group, for services whose work arrives
   * through Kafka; `database` nothing more, for a service whose HTTP work needs only its database
   * (lead-intake captures leads into the store whatever Kafka does; the relay sends them later).
   * A process with a `database` service is ready on its database alone.
   */
  readonly readiness?: 'joined' | 'database';
  /** The versioned migrations of the schemas it reads and writes besides the event store's (in order). */
  readonly migrations?: readonly MigrationSet[];
  /**
   * It serves routes that parties outside post to at their own pace (lead-intake: `POST /leads`, `POST /lists`), whose
   * clients may open new connections faster than a busy process accepts them: a process that runs it accepts up to
   * 64 new connections per event-loop turn by default (HTTP_ACCEPTS_PER_TURN, acceptsPerTurnFor), the others one.
   */
  readonly publicIntake?: boolean;
}

/**
 * How many new connections a process running `services` accepts per event-loop turn (acceptOnCopies): HTTP_ACCEPTS_PER_TURN
 * when it is set (`configured`), else 64 when one of them serves a public intake (lead-intake, alone or in the embedded
 * platform) and 1 otherwise: the copies of the listening socket come from a short-lived child process at start and cost
 * an accept call per copy while connections arrive, which only a process that faces bursts of new connections gains from.
 */
export function acceptsPerTurnFor(services: readonly ServiceDescriptor[], configured: number | undefined): number {
  if (configured !== undefined) return configured;
  return services.some((service) => service.publicIntake) ? HTTP_EDGE_DEFAULTS.acceptsPerTurn : 1;
}

export function ownedCategoriesOf(services: readonly ServiceDescriptor[]): string[] {
  return [...new Set(services.flatMap((service) => service.ownedCategories))].sort();
}

/** Every schema a process running `services` needs, in migration order: the event store, the data keys, the inbox, the platform's, the API keys', then the services'. */
export function migrationSetsOf(services: readonly ServiceDescriptor[]): MigrationSet[] {
  return uniqueSets([
    EVENT_STORE_MIGRATIONS,
    PRIVACY_MIGRATIONS,
    MESSAGING_MIGRATIONS,
    PLATFORM_MIGRATIONS,
    ACCESS_MIGRATIONS,
    ...services.flatMap((service) => service.migrations ?? []),
  ]);
}
