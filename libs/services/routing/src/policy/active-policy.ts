import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ACTIVE_ROUTING_POLICY_STREAM, activatedPolicy, activatedRules, type RoutingPolicy, type TeamRoutingRule } from '@leadline/domain';
import { SQL_DATABASE, WatchedStream, type EventStoreReader, type RecordedEvent, type SqlDatabase } from '@leadline/event-store';

/** The policy the line runs and every rule ever activated (for explanations). */
export interface ActivePolicyReading {
  readonly policy: RoutingPolicy;
  readonly rules: TeamRoutingRule[];
}

const reading = (events: RecordedEvent[]): ActivePolicyReading => ({ policy: activatedPolicy(events), rules: activatedRules(events) });

/** The policy the line runs now (the last promoted one, else the built-in one) and every rule ever activated (for explanations). */
export async function activeRoutingPolicy(store: EventStoreReader): Promise<ActivePolicyReading> {
  return reading(await store.readStream(ACTIVE_ROUTING_POLICY_STREAM));
}

/**
 * activeRoutingPolicy as assignments read it at every delivery: kept in the process and read again once
 * `routingpolicy-active`'s category notifies an append (WatchedStream), instead of one read of the stream per
 * decision. A lead decided while a promotion's notification is on its way is decided as if a moment earlier.
 */
@Injectable()
export class ActiveRoutingPolicy implements OnModuleDestroy {
  private readonly watched: WatchedStream<ActivePolicyReading>;

  constructor(@Inject(SQL_DATABASE) db: SqlDatabase) {
    this.watched = new WatchedStream(db, ACTIVE_ROUTING_POLICY_STREAM, reading);
  }

  /** The policy and rules; read (when they must be) through `reader`. */
  read(reader: EventStoreReader): Promise<ActivePolicyReading> {
    return this.watched.read(reader);
  }

  onModuleDestroy(): Promise<void> {
    return this.watched.close();
  }
}
