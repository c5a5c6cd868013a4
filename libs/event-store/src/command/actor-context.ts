import { AsyncLocalStorage } from 'node:async_hooks';

/** Who asked for a change: an API key (its id) or a token's subject, with the roles it acted under. */
export interface Actor {
  readonly kind: 'api-key' | 'token' | 'system';
  readonly id: string;
  readonly roles: readonly string[];
}

const actors = new AsyncLocalStorage<Actor>();

/**
 * Runs `work` on behalf of `actor`: every event handleCommand appends meanwhile (in this async
 * call tree) carries it as `metadata.actor`, so the journey and an audit query say who did what.
 * The HTTP edge runs each authenticated request's handler this way.
 */
export function runAsActor<T>(actor: Actor, work: () => T): T {
  return actors.run(actor, work);
}

/** The actor of the request being served, if any. */
export function currentActor(): Actor | undefined {
  return actors.getStore();
}
