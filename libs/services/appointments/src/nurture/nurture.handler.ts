import { Injectable } from '@nestjs/common';
import { nurtureDecider, type NurtureCommand, type NurtureState } from '@leadline/domain';
import { handleCommand, runInTransaction } from '@leadline/event-store';
import { cancelTimer } from '@leadline/scheduling';
import { PipelineHandler } from '../appointments.tokens';
import type { NurtureProspectDto } from './nurture.dto';
import { findNurture, listNurture, recordNurtured, recordReturned, type NurtureRow } from './nurture.repository';
import { scheduleYearTimer } from './year-timer';

/** Nurture commands on `nurture-<leadId>`: the event, the year timer and the queue row commit together. */
@Injectable()
export class NurtureHandler extends PipelineHandler {
  nurture(leadId: string, dto: NurtureProspectDto): Promise<NurtureState> {
    const at = this.now();
    return this.execute(leadId, {
      type: 'NurtureProspect',
      data: { leadId, originalAeId: dto.originalAeId, returnBy: dto.returnBy, reason: dto.reason, at },
    });
  }

  returnToAe(leadId: string): Promise<NurtureState> {
    return this.execute(leadId, { type: 'ReturnFromNurture', data: { leadId, at: this.now() } });
  }

  list(status: NurtureRow['status']): Promise<NurtureRow[]> {
    return listNurture(this.store.db, status);
  }

  private execute(leadId: string, command: NurtureCommand): Promise<NurtureState> {
    return runInTransaction(this.store, async (ctx) => {
      const { tx } = ctx;
      const correlationId = leadId;
      const { newEvents, recorded, newState } = await handleCommand(
        ctx,
        `nurture-${leadId}`,
        nurtureDecider,
        (state) => nurtureDecider.decide(command, state),
        { metadata: { leadId, correlationId } },
      );
      for (const [i, event] of newEvents.entries()) {
        if (event.type === 'ProspectNurtured') {
          const timerId = await scheduleYearTimer(tx, { eventId: recorded[i].id, leadId, nurturedAt: event.data.at, correlationId });
          await recordNurtured(tx, event.data, timerId);
        } else if (event.type === 'ProspectReturnedFromNurture') {
          const row = await findNurture(tx, leadId);
          if (row?.year_timer_id) await cancelTimer(tx, row.year_timer_id);
          await recordReturned(tx, leadId, event.data.at);
        }
      }
      return newState;
    });
  }
}
