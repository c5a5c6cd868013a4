import { context, type Context } from '@opentelemetry/api';
import { currentActor, runAsActor, type Actor } from '../command/actor-context';

/**
 * Where events were decided: the active trace context and actor. An append stamps both on its events
 * (`traceparent`, `actor`); a batch handler that decides each event in that event's own delivery
 * (span and reaction) but appends them all at once captures it per event and hands it to the append
 * (`NewStreamAppend.context`), so each written event still continues its own cause's trace.
 */
export interface AppendContext {
  readonly trace: Context;
  readonly actor: Actor | undefined;
}

/** The active trace context and actor, to stamp on events appended later. */
export function captureAppendContext(): AppendContext {
  return { trace: context.active(), actor: currentActor() };
}

/** Runs `work` (synchronously) in a captured context; as is without one. */
export function inAppendContext<T>(captured: AppendContext | undefined, work: () => T): T {
  if (!captured) return work();
  const { actor } = captured;
  return context.with(captured.trace, () => (actor ? runAsActor(actor, work) : work()));
}
