import { Catch, Inject, Injectable, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom, throwError, type Observable } from 'rxjs';
import {
  inBatchTrace,
  inEventTrace,
  Processor,
  runAsReaction,
  type PostgresEventStore,
  type ProcessorContext,
  type RecordedEvent,
} from '@leadline/event-store';
import { singleDelivery, StoreLogTransport, type BatchContext, type EventTransport } from '@leadline/messaging';
import { startInBackground } from '../lifecycle/background-start';
import { EVENT_STORE, EVENT_TRANSPORT } from '../platform.tokens';
import { EventContext } from './event-context';
import type { ReactionExtras } from './reaction.pattern';

/** The transport id `@EventPattern(pattern, EVENT_LOG)` may name; handlers without one are served too. */
export const EVENT_LOG = Symbol('EVENT_LOG');

interface Reactor {
  readonly kind: 'subscription' | 'processor';
  readonly name: string;
  readonly categories: Set<string>;
  readonly handlers: Map<string, { readonly callback: MessageHandler; readonly batch: boolean }>;
  delivery: NonNullable<ReactionExtras['delivery']>;
  /** The longest coalesceMs any of its handlers asks for (0: none). */
  coalesceMs: number;
}

/**
 * The custom transport strategy that serves `@EventPattern(ReactionPattern)` handlers from stored events, over the
 * exactly-once machinery that was there before it: subscriptions go to the process's EventTransport
 * (a checkpointed store-log processor embedded, a Kafka consumer group with an inbox distributed),
 * processors run on the store's global log. A handler's error propagates, so its transaction rolls
 * back and the transport retries (and dead-letters, on Kafka) as it always did.
 */
@Injectable()
export class EventLogServer extends Server implements CustomTransportStrategy {
  override readonly transportId = EVENT_LOG;
  private readonly reactors = new Map<string, Reactor>();
  private readonly processors: Processor[] = [];
  private listening = false;
  private readonly stopping = new AbortController();
  private connecting?: Promise<void>;
  private readonly log = new Logger('Reactions');

  constructor(
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
  ) {
    super();
  }

  override addHandler(pattern: unknown, callback: MessageHandler, isEventHandler = false, extras: ReactionExtras = {}): void {
    if (!isEventHandler) throw new Error(`Only @EventPattern handlers are served from the event log (got ${JSON.stringify(pattern)})`);
    const { kind, name, category, type } = reactionOf(pattern);
    const key = `${kind}:${name}`;
    const reactor = this.reactors.get(key) ?? {
      kind,
      name,
      categories: new Set(),
      handlers: new Map(),
      delivery: 'transactional',
      coalesceMs: 0,
    };
    if (reactor.handlers.has(type)) throw new Error(`${kind} ${name} handles ${type} twice`);
    if (extras.delivery === 'at-least-once' && kind === 'subscription')
      throw new Error(`Subscription ${name}: only processors deliver at least once`);
    reactor.categories.add(category);
    reactor.handlers.set(type, { callback, batch: extras.batch === true });
    reactor.delivery = extras.delivery ?? reactor.delivery;
    reactor.coalesceMs = Math.max(reactor.coalesceMs, extras.coalesceMs ?? 0);
    this.reactors.set(key, reactor);
    super.addHandler(pattern, callback, isEventHandler, extras);
  }

  /**
   * Registers the reactions and starts the processors (on the store, so at once); the transport
   * connects in the background (startInBackground): on Kafka its consumers join their groups, which
   * can wait for a dead member's session to end, and the HTTP server must not wait for that.
   */
  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      if (!this.listening) {
        this.listening = true;
        for (const reactor of this.reactors.values()) await this.serve(reactor);
        const what = this.transport.kind === 'kafka' ? 'Kafka consumers' : 'store-log subscriptions';
        this.connecting = startInBackground(what, () => this.transport.start(), this.stopping.signal, this.log).then(() =>
          this.log.log(this.transport.kind === 'kafka' ? 'Kafka consumers joined their groups' : 'Subscriptions running'),
        );
        // Failures are retried and logged; the only rejection left is the stop.
        this.connecting.catch(() => undefined);
      }
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Resolves once the transport has started (on Kafka: every consumer has joined its group); rejects if stopped first. */
  connected(): Promise<void> {
    return this.connecting ?? Promise.reject(new Error('The event log server is not listening'));
  }

  /**
   * Stops deliveries: each consumer and processor finishes the chunk in hand and commits it (Kafka
   * consumers then leave their groups); a transport still connecting stops trying. The platform
   * calls it before the database closes, Nest again when it disposes the microservice.
   */
  async close(): Promise<void> {
    this.stopping.abort();
    await this.transport.stop();
    await Promise.all(this.processors.splice(0).map((processor) => processor.stop()));
  }

  on(): never {
    throw new Error('The event log server has no events to listen to');
  }

  unwrap<T>(): T {
    return this.transport as T;
  }

  /**
   * The processors serving this process's reactions from the store: its `{ processor }` patterns and, on
   * the store-log transport (embedded), its subscriptions. (On Kafka a subscription is a consumer group.)
   */
  storeProcessors(): Processor[] {
    return [...this.processors, ...(this.transport instanceof StoreLogTransport ? this.transport.processorList() : [])];
  }

  /** The processor a `{ processor }` pattern runs on (status, waitForIdle); subscriptions are found on the transport. */
  processor(name: string): Processor | undefined {
    return this.processors.find((processor) => processor.id === name);
  }

  private async serve(reactor: Reactor): Promise<void> {
    const categories = [...reactor.categories];
    const eventTypes = [...reactor.handlers.keys()];
    const handle = (event: RecordedEvent, ctx: ProcessorContext) => dispatch(reactor, [event], singleDelivery(ctx));
    // Only a reaction with a batch handler takes deliveries whole (and gets a batch span).
    const batched = [...reactor.handlers.values()].some((handler) => handler.batch);
    const handleBatch = batched ? (events: readonly RecordedEvent[], ctx: BatchContext) => dispatch(reactor, events, ctx) : undefined;
    if (reactor.kind === 'subscription') {
      const { coalesceMs } = reactor;
      this.transport.subscribe({ name: reactor.name, categories, eventTypes, handle, handleBatch, ...(coalesceMs ? { coalesceMs } : {}) });
      return;
    }
    const attributes = { 'leadline.processor': reactor.name };
    const processor = new Processor(this.store.db, this.store, {
      id: reactor.name,
      categories,
      eventTypes,
      mode: reactor.delivery,
      coalesceMs: reactor.coalesceMs,
      handle: async (events, ctx) => {
        // Each event's delivery continues the trace it was appended in (subscriptions: in their transport).
        const each = <T>(event: RecordedEvent, work: () => Promise<T>) =>
          inEventTrace(event, `process ${reactor.name}`, attributes, () => runAsReaction(reactor.name, event, work));
        if (handleBatch) {
          await inBatchTrace(events, `process ${reactor.name} batch`, attributes, () => handleBatch(events, { ...ctx, each }));
          return;
        }
        for (const event of events) await each(event, () => handle(event, ctx));
      },
    });
    this.processors.push(processor);
    await processor.start();
  }
}

/**
 * Events to their handlers in log order: a batch handler takes each run of consecutive events of its type in one
 * call, a single-event handler each event inside that event's delivery (`ctx.each`).
 */
async function dispatch(reactor: Reactor, events: readonly RecordedEvent[], ctx: BatchContext): Promise<void> {
  for (let from = 0, to = 1; from < events.length; from = to, to = from + 1) {
    const type = events[from].type;
    while (to < events.length && events[to].type === type) to++;
    const handler = reactor.handlers.get(type);
    if (!handler) continue;
    if (handler.batch) await call(handler.callback, events.slice(from, to), ctx);
    else for (const event of events.slice(from, to)) await ctx.each(event, () => call(handler.callback, event, ctx));
  }
}

async function call(callback: MessageHandler, payload: RecordedEvent | RecordedEvent[], ctx: BatchContext): Promise<void> {
  const result: unknown = await callback(payload, new EventContext([ctx]));
  if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
}

function reactionOf(pattern: unknown): { kind: Reactor['kind']; name: string; category: string; type: string } {
  const p = (typeof pattern === 'object' && pattern !== null ? pattern : {}) as Partial<Record<string, unknown>>;
  const kind = typeof p.subscription === 'string' ? 'subscription' : typeof p.processor === 'string' ? 'processor' : undefined;
  const name = kind && p[kind];
  if (
    !kind ||
    typeof name !== 'string' ||
    typeof p.category !== 'string' ||
    typeof p.type !== 'string' ||
    (p.subscription && p.processor)
  ) {
    throw new Error(`An event pattern is { subscription | processor, category, type } (got ${JSON.stringify(pattern)})`);
  }
  return { kind, name, category: p.category, type: p.type };
}

/**
 * Nest's default answer to a failed handler is an error message for a client; a reaction has no
 * client: the error itself goes back to the transport, which rolls back and retries.
 */
@Catch()
export class PropagateReactionErrors implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
