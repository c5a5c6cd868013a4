import type { FirstTouchSlaBreached } from '@leadline/domain';
import { deriveEventId, type SqlExecutor } from '@leadline/event-store';
import { scheduleTimer } from '@leadline/scheduling';

/** Schedules the first-touch breach for the owner in the transaction that assigns the lead; returns the timer id. */
export async function scheduleSlaTimer(
  tx: SqlExecutor,
  cause: { eventId: string; leadId: string; sdrId: string; slaDueAt: string; correlationId: string },
): Promise<string> {
  const timerId = deriveEventId(cause.eventId, 'first-touch-sla');
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
