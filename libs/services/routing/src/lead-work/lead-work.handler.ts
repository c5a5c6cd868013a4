import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { assignmentDecider, type AssignmentCommand, type AssignmentEvent } from '@leadline/domain';
import { deriveEventId, domainEventsOf, handleCommand, runInTransaction } from '@leadline/event-store';
import { assertManagesTeamOf, assertMayActOn, teamScoped, type Principal } from '@leadline/platform';
import { cancelTimer } from '@leadline/scheduling';
import { recordClosed, recordFirstTouch } from '../assignment/assignment.repository';
import { findSdrProfile } from '../roster/roster.repository';
import { RoutingHandler } from '../routing.tokens';
import type { LogActivityDto } from './lead-work.dto';

/** An SDR's work on an assigned lead: activities (the first one stops the SLA timer), qualify, disqualify. */
@Injectable()
export class LeadWorkHandler extends RoutingHandler {
  /**
   * `idempotencyScope` names a request sent with an Idempotency-Key: the activity id is derived from
   * it, so a run repeated after a crash finds the activity logged and records nothing.
   */
  logActivity(leadId: string, dto: LogActivityDto, idempotencyScope?: string, caller?: Principal): Promise<AssignmentEvent> {
    const at = this.now();
    const activityId = idempotencyScope ? deriveEventId(idempotencyScope, 'activity') : randomUUID();
    return this.execute(
      leadId,
      {
        type: 'LogActivity',
        data: {
          leadId,
          activityId,
          sdrId: dto.sdrId,
          kind: dto.kind,
          outcome: dto.outcome,
          notes: dto.notes ?? null,
          at,
          ...(dto.occurredAt === undefined ? {} : { occurredAt: dto.occurredAt }),
        },
      },
      caller,
    );
  }

  close(leadId: string, qualified: boolean, reason: string, caller?: Principal): Promise<AssignmentEvent> {
    const at = this.now();
    return this.execute(leadId, { type: qualified ? 'QualifyLead' : 'DisqualifyLead', data: { leadId, reason, at } }, caller);
  }

  /** The notifier appends SdrNotified to the same stream at any moment: a version conflict is re-decided on fresh state. */
  /** A caller holding only the rep role acts on the leads it owns (403 otherwise), decided on the state the command is decided on. */
  private execute(leadId: string, command: AssignmentCommand, caller?: Principal): Promise<AssignmentEvent> {
    return runInTransaction(
      this.store,
      async ({ tx, store }) => {
        let history: readonly AssignmentEvent[] = [];
        const { newEvents, newState } = await handleCommand(
          { tx, store },
          `assignment-${leadId}`,
          assignmentDecider,
          async (state, stream) => {
            history = domainEventsOf<AssignmentEvent>(stream.history);
            assertMayActOn(caller, state.status === 'unassigned' ? null : state.sdrId, `lead ${leadId}`);
            // A manager works the leads of their own team's SDRs (an unassigned lead is refused by the decider).
            if (state.status !== 'unassigned' && teamScoped(caller)) {
              assertManagesTeamOf(caller, (await findSdrProfile(tx, state.sdrId))?.managerEmail, `lead ${leadId}`);
            }
            return assignmentDecider.decide(command, state);
          },
          { metadata: { leadId, correlationId: leadId } },
        );
        const [event] = newEvents;
        if (!event) return alreadyRecorded(command, history);
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

/** The answer to a command the decider found done before: the activity it logged then. */
function alreadyRecorded(command: AssignmentCommand, history: readonly AssignmentEvent[]): AssignmentEvent {
  const logged = history.find(
    (e) => command.type === 'LogActivity' && e.type === 'ActivityLogged' && e.data.activityId === command.data.activityId,
  );
  if (!logged) throw new Error(`${command.type} on lead ${command.data.leadId} decided nothing`);
  return logged;
}
