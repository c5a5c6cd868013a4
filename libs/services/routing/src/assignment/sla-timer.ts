import type { FirstTouchSlaBreached } from '@leadline/domain';
import { deriveEventId, type SqlExecutor } from '@leadline/event-store';
import { scheduleTimer, scheduleTimers, type ScheduleTimer } from '@leadline/scheduling';

/** The first-touch timer of an assignment (LeadAssigned or LeadReassigned) is named after it. */
export const slaTimerIdFor = (assignmentEventId: string): string => deriveEventId(assignmentEventId, 'first-touch-sla');

/** Schedules the first-touch breach for the owner in the transaction that assigns the lead; returns the timer id. */
export async function scheduleSlaTimer(tx: SqlExecutor, cause: SlaTimerCause): Promise<string> {
  const timer = slaTimer(cause);
  await scheduleTimer(tx, timer);
  return timer.timerId;
}

/** scheduleSlaTimer for the assignments of a batch, in one statement. */
export async function scheduleSlaTimers(tx: SqlExecutor, causes: readonly SlaTimerCause[]): Promise<void> {
  await scheduleTimers(tx, causes.map(slaTimer));
}

export interface SlaTimerCause {
  readonly eventId: string;
  readonly leadId: string;
  readonly sdrId: string;
  readonly slaDueAt: string;
  readonly correlationId: string;
}

function slaTimer(cause: SlaTimerCause): ScheduleTimer {
  const event: Omit<FirstTouchSlaBreached, 'id'> = {
    type: 'FirstTouchSlaBreached',
    data: { leadId: cause.leadId, sdrId: cause.sdrId, slaDueAt: cause.slaDueAt, breachedAt: cause.slaDueAt },
  };
  return {
    timerId: slaTimerIdFor(cause.eventId),
    dueAt: cause.slaDueAt,
    streamId: `assignment-${cause.leadId}`,
    event: { ...event, metadata: { leadId: cause.leadId, correlationId: cause.correlationId, causationId: cause.eventId } },
  };
}
