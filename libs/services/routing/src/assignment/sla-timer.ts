import type { FirstTouchSlaBreached } from '@leadline/domain';
import { deriveEventId, type SqlExecutor } from '@leadline/event-store';
import { scheduleTimer } from '@leadline/scheduling';

/** The first-touch timer of an assignment (LeadAssigned or LeadReassigned) is named after it. */
export const slaTimerIdFor = (assignmentEventId: string): string => deriveEventId(assignmentEventId, 'first-touch-sla');

/** Schedules the first-touch breach for the owner in the transaction that assigns the lead; returns the timer id. */
export async function scheduleSlaTimer(
  tx: SqlExecutor,
  cause: { eventId: string; leadId: string; sdrId: string; slaDueAt: string; correlationId: string },
): Promise<string> {
  const timerId = slaTimerIdFor(cause.eventId);
  const event: Omit<FirstTouchSlaBreached, 'id'> = {
    type: 'FirstTouchSlaBreached',
    data: { leadId: cause.leadId, sdrId: cause.sdrId, slaDueAt: cause.slaDueAt, breachedAt: cause.slaDueAt },
  };
  await scheduleTimer(tx, {
    timerId,
    dueAt: cause.slaDueAt,
    streamId: `assignment-${cause.leadId}`,
    event: { ...event, metadata: { leadId: cause.leadId, correlationId: cause.correlationId, causationId: cause.eventId } },
  });
  return timerId;
}
