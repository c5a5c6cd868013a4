import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { aeDecider, creditMonthOf, type AeCommand, type AeEvent, type AeState, type Clock } from '@leadline/domain';
import { EVENT_STORE, SQL_DATABASE, type EventStore, type SqlDatabase } from '@leadline/event-store';
import type { AppointmentsConfig } from '../appointments.config';
import { APPOINTMENTS_CLOCK, APPOINTMENTS_CONFIG } from '../appointments.tokens';
import { asDomainEvent } from '../shared/recorded.util';
import type { AeTimeOffDto, RegisterAeDto, UpdateAeDto } from './ae.dto';
import { loadRoster, saveAe, type RosterEntry } from './roster.repository';

/** Roster commands: load `ae-<id>`, decide, append with the expected version and update the read model in one transaction. */
@Injectable()
export class RosterHandler {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APPOINTMENTS_CLOCK) private readonly clock: Clock,
    @Inject(APPOINTMENTS_CONFIG) private readonly config: AppointmentsConfig,
  ) {}

  register(dto: RegisterAeDto): Promise<AeState> {
    const { aeId = randomUUID(), ...profile } = dto;
    return this.execute(aeId, { type: 'RegisterAe', data: { aeId, profile, defaults: this.config.roster, at: this.now() } });
  }

  update(aeId: string, changes: UpdateAeDto): Promise<AeState> {
    return this.execute(aeId, { type: 'UpdateAe', data: { aeId, changes: { ...changes }, at: this.now() } });
  }

  scheduleTimeOff(aeId: string, dto: AeTimeOffDto): Promise<AeState> {
    return this.execute(aeId, { type: 'ScheduleAeTimeOff', data: { aeId, from: dto.from, to: dto.to, at: this.now() } });
  }

  list(): Promise<RosterEntry[]> {
    return loadRoster(this.db, creditMonthOf(this.clock.now()));
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private execute(aeId: string, command: AeCommand): Promise<AeState> {
    return this.db.transaction(async (tx) => {
      const store = this.store.inTransaction(tx);
      const streamId = `ae-${aeId}`;
      const history = await store.readStream(streamId);
      const state = history.map((e) => asDomainEvent<AeEvent>(e)).reduce(aeDecider.evolve, aeDecider.initialState());
      const events = aeDecider.decide(command, state);
      await store.appendToStream(
        streamId,
        events.map((event) => ({ ...event, metadata: { correlationId: aeId } })),
        { expectedVersion: history.length === 0 ? 'no-stream' : history[history.length - 1].streamVersion },
      );
      const next = events.reduce(aeDecider.evolve, state);
      await saveAe(tx, next, command.data.at);
      return next;
    });
  }
}
