import { Inject, Injectable } from '@nestjs/common';
import { nurtureDecider, type Clock, type NurtureCommand, type NurtureEvent, type NurtureState } from '@leadline/domain';
import { EVENT_STORE, newEventId, SQL_DATABASE, type EventStore, type SqlDatabase } from '@leadline/event-store';
import { cancelTimer } from '@leadline/scheduling';
import { PIPELINE_CLOCK } from '../opportunities/shared/pipeline.tokens';
import { asDomainEvents, expectedAfter } from '../opportunities/shared/stream.util';
import type { NurtureProspectDto } from './nurture.dto';
import { findNurture, listNurture, recordNurtured, recordReturned, type NurtureRow } from './nurture.repository';
import { scheduleYearTimer } from './year-timer';

/** Nurture commands on `nurture-<leadId>`: the event, the year timer and the queue row commit together. */
@Injectable()
export class NurtureHandler {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PIPELINE_CLOCK) private readonly clock: Clock,
  ) {}

  nurture(leadId: string, dto: NurtureProspectDto): Promise<NurtureState> {
    const at = this.clock.now().toISOString();
    return this.execute(leadId, {
      type: 'NurtureProspect',
      data: { leadId, originalAeId: dto.originalAeId, returnBy: dto.returnBy, reason: dto.reason, at },
    });
  }

  returnToAe(leadId: string): Promise<NurtureState> {
    return this.execute(leadId, { type: 'ReturnFromNurture', data: { leadId, at: this.clock.now().toISOString() } });
  }

  list(status: NurtureRow['status']): Promise<NurtureRow[]> {
    return listNurture(this.db, status);
  }

  private execute(leadId: string, command: NurtureCommand): Promise<NurtureState> {
    return this.db.transaction(async (tx) => {
      const store = this.store.inTransaction(tx);
      const streamId = `nurture-${leadId}`;
      const history = await store.readStream(streamId);
      const state = asDomainEvents<NurtureEvent>(history).reduce(nurtureDecider.evolve, nurtureDecider.initialState());
      const events = nurtureDecider.decide(command, state);
      const correlationId = leadId;
      const stored = events.map((e) => ({ id: newEventId(), ...e, metadata: { leadId, correlationId } }));
      await store.appendToStream(streamId, stored, expectedAfter(history));
      for (const event of stored) {
        if (event.type === 'ProspectNurtured') {
          const timerId = await scheduleYearTimer(tx, { eventId: event.id, leadId, nurturedAt: event.data.at, correlationId });
          await recordNurtured(tx, event.data, timerId);
        } else if (event.type === 'ProspectReturnedFromNurture') {
          const row = await findNurture(tx, leadId);
          if (row?.year_timer_id) await cancelTimer(tx, row.year_timer_id);
          await recordReturned(tx, leadId, event.data.at);
        }
      }
      return events.reduce(nurtureDecider.evolve, state);
    });
  }
}
