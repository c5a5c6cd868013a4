import { Inject, Optional } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { deriveEventId, EVENT_STORE, type EventMetadata, type RecordedEvent, type TransactionalStore } from '@leadline/event-store';

interface ServiceTokens {
  readonly clock: symbol;
  readonly config?: symbol;
}

/** What every reaction (subscription, processor) of a service is injected with. */
export interface ServiceReactionBase<Config> {
  /** The service's clock: virtual in tests and simulations. */
  readonly clock: Clock;
  /** The service's validated settings; undefined for a base made without a `config` token. */
  readonly config: Config;
  /** The clock's now, as the ISO-8601 string commands and events carry. */
  now(): string;
  /** What the reaction writes because of `cause`: ids derived from the cause's and metadata naming it (see `causedBy`). */
  causedBy(cause: RecordedEvent, options?: CausedByOptions): Caused;
}

export interface CausedByOptions {
  /** The lead what is written concerns (`metadata.leadId`); left out when undefined. */
  readonly leadId?: string;
  /** The correlation id when the cause carries none; the cause's own id by default. */
  readonly correlationId?: string;
}

/** The id and metadata of what a reaction writes because of one event. */
export interface Caused {
  /** `correlationId`: the cause's, else `options.correlationId`, else the cause's id; `causationId`: the cause's id. */
  readonly metadata: EventMetadata & { readonly correlationId: string; readonly causationId: string };
  /** The id of the written event or timer named `key`, derived from the cause's id: a redelivery writes nothing new. */
  eventId(key: string): string;
}

/**
 * What a reaction writes because of `cause`: an id derived from the cause's per written thing (so a
 * redelivered cause writes nothing twice) and metadata that carries the cause's correlation on and
 * names the cause. Reactions use it through their base (`this.causedBy`).
 */
export function causedBy(cause: RecordedEvent, options: CausedByOptions = {}): Caused {
  const correlationId = cause.metadata.correlationId ?? options.correlationId ?? cause.id;
  const metadata = {
    ...(options.leadId === undefined ? {} : { leadId: options.leadId }),
    correlationId,
    causationId: cause.id,
  };
  return { metadata, eventId: (key) => deriveEventId(cause.id, key) };
}

/** What every command handler of a service is injected with: the reaction's, and the store. */
export interface ServiceHandlerBase<Config> extends ServiceReactionBase<Config> {
  /** The store the handler decides and appends on (its read models commit in the same transaction). */
  readonly store: TransactionalStore;
}

/**
 * The base class of a service's event reactions: its clock and settings, injected under the tokens
 * its module binds (`serviceSettings`). A reaction works in the transaction its delivery hands it,
 * so it gets no store of its own. A reaction extends it and declares no constructor; anything else it
 * needs comes by property injection.
 */
export function serviceReaction<Config = undefined>(
  tokens: ServiceTokens,
): abstract new (clock: Clock, config: Config) => ServiceReactionBase<Config> {
  const noConfig = Symbol('no settings');
  abstract class Reaction implements ServiceReactionBase<Config> {
    constructor(
      @Inject(tokens.clock) readonly clock: Clock,
      @Optional() @Inject(tokens.config ?? noConfig) readonly config: Config,
    ) {}

    now(): string {
      return this.clock.now().toISOString();
    }

    causedBy(cause: RecordedEvent, options?: CausedByOptions): Caused {
      return causedBy(cause, options);
    }
  }
  return Reaction;
}

/**
 * The base class of a service's command handlers: the event store, the service's clock and its
 * settings. A handler extends it and declares no constructor; anything else it needs comes by
 * property injection.
 *
 *     export const AppointmentsHandler = serviceHandler<AppointmentsConfig>({ clock: APPOINTMENTS_CLOCK, config: APPOINTMENTS_CONFIG });
 *     @Injectable() export class RosterHandler extends AppointmentsHandler { … }
 */
export function serviceHandler<Config = undefined>(
  tokens: ServiceTokens,
): abstract new (clock: Clock, config: Config) => ServiceHandlerBase<Config> {
  abstract class Handler extends serviceReaction<Config>(tokens) implements ServiceHandlerBase<Config> {
    @Inject(EVENT_STORE) readonly store!: TransactionalStore;
  }
  return Handler;
}
