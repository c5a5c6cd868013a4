import { Inject, Optional } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { EVENT_STORE, type TransactionalStore } from '@leadline/event-store';

/** A command handler's base: what every handler of a service is injected with. */
export interface ServiceHandlerBase<Config> {
  /** The store the handler decides and appends on (its read models commit in the same transaction). */
  readonly store: TransactionalStore;
  /** The service's clock: virtual in tests and simulations. */
  readonly clock: Clock;
  /** The service's validated settings; undefined for a service module that has none under `config`. */
  readonly config: Config;
}

/**
 * The base class of a service's command handlers: the event store, the service's clock and its
 * settings, injected under the tokens its module binds (`serviceSettings`). A handler extends it
 * and declares no constructor; anything else it needs comes by property injection.
 *
 *     export const AppointmentsHandler = serviceHandler<AppointmentsConfig>({ clock: APPOINTMENTS_CLOCK, config: APPOINTMENTS_CONFIG });
 *     @Injectable() export class RosterHandler extends AppointmentsHandler { … }
 */
export function serviceHandler<Config = undefined>(tokens: {
  readonly clock: symbol;
  readonly config?: symbol;
}): abstract new (
  store: TransactionalStore,
  clock: Clock,
  config: Config,
) => ServiceHandlerBase<Config> & {
  now(): string;
} {
  const noConfig = Symbol('no settings');
  abstract class Handler implements ServiceHandlerBase<Config> {
    constructor(
      @Inject(EVENT_STORE) readonly store: TransactionalStore,
      @Inject(tokens.clock) readonly clock: Clock,
      @Optional() @Inject(tokens.config ?? noConfig) readonly config: Config,
    ) {}

    /** The service clock's now, as the ISO-8601 string commands carry. */
    now(): string {
      return this.clock.now().toISOString();
    }
  }
  return Handler;
}
