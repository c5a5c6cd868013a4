import type { DynamicModule, Type } from '@nestjs/common';

/** What a service tells the platform: its Nest module and the stream categories it owns. */
export interface ServiceDescriptor {
  readonly name: string;
  readonly module: Type | DynamicModule;
  /** Categories whose streams only this service writes; the Kafka relay publishes them. */
  readonly ownedCategories: readonly string[];
}

export function ownedCategoriesOf(services: readonly ServiceDescriptor[]): string[] {
  return [...new Set(services.flatMap((service) => service.ownedCategories))].sort();
}
