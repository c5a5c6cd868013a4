import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { assignmentDecider, type AssignmentCommand, type AssignmentEvent, type Clock } from '@leadline/domain';
import { EVENT_STORE, handleCommand, runInTransaction, type TransactionalStore } from '@leadline/event-store';
import { cancelTimer } from '@leadline/scheduling';
import { recordClosed, recordFirstTouch } from '../assignment/assignment.repository';
import { ROUTING_CLOCK } from '../routing.tokens';
import type { LogActivityDto } from './lead-work.dto';

/** An SDR's work on an assigned lead: activities (the first one stops the SLA timer), qualify, disqualify. */
@Injectable()
export class LeadWorkHandler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: TransactionalStore,
    @Inject(ROUTING_CLOCK) private readonly clock: Clock,
  ) {}

  logActivity(leadId: string, dto: LogActivityDto): Promise<AssignmentEvent> {
    const at = this.clock.now().toISOString();
    return this.execute(leadId, {
      type: 'LogActivity',
      data: { leadId, activityId: randomUUID(), sdrId: dto.sdrId, kind: dto.kind, outcome: dto.outcome, notes: dto.notes ?? null, at },
    });
  }

  close(leadId: string, qualified: boolean, reason: string): Promise<AssignmentEvent> {
    const at = this.clock.now().toISOString();
    return this.execute(leadId, { type: qualified ? 'QualifyLead' : 'DisqualifyLead', data: { leadId, reason, at } });
  }

  /** The notifier appends SdrNotified to the same stream at any moment: a version conflict is re-decided on fresh state. */
  private execute(leadId: string, command: AssignmentCommand): Promise<AssignmentEvent> {
    return runInTransaction(
      this.store,
      async ({ tx, store }) => {
        const { newEvents, newState } = await handleCommand(
          { tx, store },
          `assignment-${leadId}`,
          assignmentDecider,
          (state) => assignmentDecider.decide(command, state),
          { metadata: { leadId, correlationId: leadId } },
        );
        const [event] = newEvents;
        if (event.type === 'ActivityLogged' && event.data.firstTouch) {
          if (newState.status !== 'unassigned' && newState.slaTimerId) await cancelTimer(tx, newState.slaTimerId);
          await recordFirstTouch(tx, leadId, event.data.at);
        }
        if (event.type === 'LeadQualified' || event.type === 'LeadDisqualified') {
          await recordClosed(tx, leadId, event.data.sdrId, event.type === 'LeadQualified' ? 'qualified' : 'disqualified');
        }
        return event;
      },
      { retries: 2 },
    );
  }
}
