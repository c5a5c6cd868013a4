import type { DynamicModule, Type } from '@nestjs/common';

/** What a service tells the platform: its Nest module and the stream categories it owns. */
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
}

export function ownedCategoriesOf(services: readonly ServiceDescriptor[]): string[] {
  return [...new Set(services.flatMap((service) => service.ownedCategories))].sort();
}
