import { AsyncLocalStorage } from 'node:async_hooks';
import type { EventMetadata } from '../event.types';

/**
 * Who caused a change: an API key (its id) or a token's subject, with the roles it acted under; or
 * the platform itself (`system`): a reaction (processor, subscription, consumer) or a timer, with
 * the event it reacted to.
 */
export interface Actor {
  readonly kind: 'api-key' | 'token' | 'system';
  readonly id: string;
  readonly roles: readonly string[];
  /** A system actor's cause: the event it reacts to (a timer: the event that scheduled it, when known). */
  readonly cause?: { readonly eventId: string; readonly type?: string };
}

const actors = new AsyncLocalStorage<Actor>();

/**
 * Runs `work` on behalf of `actor`: every event appended meanwhile (in this async call tree)
 * carries it as `metadata.actor`, so the journey and an audit query say who did what.
 * The HTTP edge runs each authenticated request's handler this way.
 */
export function runAsActor<T>(actor: Actor, work: () => T): T {
  return actors.run(actor, work);
}

/**
 * Runs a reaction to `event` (a processor's, a subscription's or a consumer's handler) as the
 * system actor `reaction:<name>`, whatever context the delivering loop runs in: what it appends
 * names the reaction and the event that caused it, never the request that happened to wake the loop.
 */
export function runAsReaction<T>(name: string, event: { readonly id: string; readonly type: string }, work: () => T): T {
  return actors.run({ kind: 'system', id: `reaction:${name}`, roles: [], cause: { eventId: event.id, type: event.type } }, work);
}

/** The actor of the request or reaction being served, if any. */
export function currentActor(): Actor | undefined {
  return actors.getStore();
}

/** Metadata with the current actor, unless the appender named one (or there is none). */
export function withCurrentActor<M extends EventMetadata>(metadata: M): M {
  const actor = currentActor();
  if (!actor || metadata.actor !== undefined) return metadata;
  const { kind, id, roles, cause } = actor;
  return { ...metadata, actor: { kind, id, roles: [...roles], ...(cause ? { cause: { ...cause } } : {}) } };
}
