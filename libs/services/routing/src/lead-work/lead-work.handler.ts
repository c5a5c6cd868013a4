import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { assignmentDecider, foldAssignment, type AssignmentCommand, type AssignmentEvent, type Clock } from '@leadline/domain';
import { EVENT_STORE, ExpectedVersionConflictError, SQL_DATABASE, type EventStore, type SqlDatabase } from '@leadline/event-store';
import { cancelTimer } from '@leadline/scheduling';
import { recordClosed, recordFirstTouch } from '../assignment/assignment.repository';
import { ROUTING_CLOCK } from '../routing.tokens';
import { asDomainEvent } from '../shared/recorded.util';
import type { LogActivityDto } from './lead-work.dto';

/** An SDR's work on an assigned lead: activities (the first one stops the SLA timer), qualify, disqualify. */
@Injectable()
export class LeadWorkHandler {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
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
  private async execute(leadId: string, command: AssignmentCommand): Promise<AssignmentEvent> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(leadId, command);
      } catch (error) {
        if (!(error instanceof ExpectedVersionConflictError) || attempt >= 3) throw error;
      }
    }
  }

  private attempt(leadId: string, command: AssignmentCommand): Promise<AssignmentEvent> {
    return this.db.transaction(async (tx) => {
      const store = this.store.inTransaction(tx);
      const streamId = `assignment-${leadId}`;
      const history = await store.readStream(streamId);
      const state = foldAssignment(history.map((e) => asDomainEvent<AssignmentEvent>(e)));
      const [event] = assignmentDecider.decide(command, state);
      const expectedVersion = history.length === 0 ? 'no-stream' : history[history.length - 1].streamVersion;
      await store.appendToStream(streamId, [{ ...event, metadata: { leadId, correlationId: leadId } }], { expectedVersion });
      if (event.type === 'ActivityLogged' && event.data.firstTouch) {
        if (state.status !== 'unassigned' && state.slaTimerId) await cancelTimer(tx, state.slaTimerId);
        await recordFirstTouch(tx, leadId, event.data.at);
      }
      if (event.type === 'LeadQualified' || event.type === 'LeadDisqualified') {
        await recordClosed(tx, leadId, event.data.sdrId, event.type === 'LeadQualified' ? 'qualified' : 'disqualified');
      }
      return event;
    });
  }
}
