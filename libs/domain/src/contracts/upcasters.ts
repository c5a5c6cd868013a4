import type { EventContract } from './event-contracts';

/**
 * Upcasters of the published event types, one per breaking change: the data of `type` at
 * `fromVersion` turned into the data at `fromVersion + 1` (docs/event-contracts.md, "Upcasting").
 * The event store applies them on read, so deciders, processors and handlers only ever see the
 * current version. None yet: every published event type is at version 1.
 */
export interface EventUpcaster {
  readonly type: string;
  readonly fromVersion: number;
  readonly upcast: (data: unknown) => unknown;
}

export const EVENT_UPCASTERS: readonly EventUpcaster[] = [];

/** `<Type> v<N> → v<N+1>` for every step a catalog's versions need and the upcasters lack. */
export function missingUpcasters(contracts: Readonly<Record<string, EventContract>>, upcasters: readonly EventUpcaster[]): string[] {
  const have = new Set(upcasters.map((upcaster) => `${upcaster.type}@${upcaster.fromVersion}`));
  const missing: string[] = [];
  for (const [type, contract] of Object.entries(contracts)) {
    for (let version = 1; version < contract.version; version++) {
      if (!have.has(`${type}@${version}`)) missing.push(`${type} v${version} → v${version + 1}`);
    }
  }
  return missing;
}
