import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { weekStartUtc, sdrDecider, type Clock, type SdrCommand, type SdrEvent, type SdrState } from '@leadline/domain';
import { EVENT_STORE, SQL_DATABASE, type EventStore, type SqlDatabase } from '@leadline/event-store';
import { ROUTING_CLOCK } from '../routing.tokens';
import { asDomainEvent } from '../shared/recorded.util';
import { loadRoster, saveSdr, type RosterEntry } from './roster.repository';
import type { RegisterSdrDto, TimeOffDto, UpdateSdrDto } from './sdr.dto';

/** Roster commands: load `sdr-<id>`, decide, append with the expected version and update the read model in one transaction. */
@Injectable()
export class RosterHandler {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ROUTING_CLOCK) private readonly clock: Clock,
  ) {}

  register(dto: RegisterSdrDto): Promise<SdrState> {
    const { sdrId = randomUUID(), ...profile } = dto;
    return this.execute(sdrId, { type: 'RegisterSdr', data: { sdrId, profile, at: this.now() } });
  }

  update(sdrId: string, changes: UpdateSdrDto): Promise<SdrState> {
    return this.execute(sdrId, { type: 'UpdateSdr', data: { sdrId, changes: { ...changes }, at: this.now() } });
  }

  scheduleTimeOff(sdrId: string, dto: TimeOffDto): Promise<SdrState> {
    return this.execute(sdrId, {
      type: 'ScheduleTimeOff',
      data: { sdrId, from: dto.from, to: dto.to, reason: dto.reason ?? null, at: this.now() },
    });
  }

  list(): Promise<RosterEntry[]> {
    return loadRoster(this.db, weekStartUtc(this.clock.now()));
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private execute(sdrId: string, command: SdrCommand): Promise<SdrState> {
    return this.db.transaction(async (tx) => {
      const store = this.store.inTransaction(tx);
      const streamId = `sdr-${sdrId}`;
      const history = await store.readStream(streamId);
      const state = history.map((e) => asDomainEvent<SdrEvent>(e)).reduce(sdrDecider.evolve, sdrDecider.initialState());
      const events = sdrDecider.decide(command, state);
      await store.appendToStream(
        streamId,
        events.map((event) => ({ ...event, metadata: { correlationId: sdrId } })),
        { expectedVersion: history.length === 0 ? 'no-stream' : history[history.length - 1].streamVersion },
      );
      const next = events.reduce(sdrDecider.evolve, state);
      await saveSdr(tx, next, command.data.at);
      return next;
    });
  }
}
