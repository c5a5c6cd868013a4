import { oneYearAfter, type NurtureYearElapsed } from '@leadline/domain';
import { deriveEventId, type SqlExecutor } from '@leadline/event-store';
import { scheduleTimer } from '@leadline/scheduling';

/** Schedules "a year without progress" for a nurture in the transaction that records it; returns the timer id. */
export async function scheduleYearTimer(
  tx: SqlExecutor,
  cause: { eventId: string; leadId: string; nurturedAt: string; correlationId: string },
): Promise<string> {
  const timerId = deriveEventId(cause.eventId, 'nurture-year');
  const dueAt = oneYearAfter(cause.nurturedAt);
  const event: NurtureYearElapsed = { type: 'NurtureYearElapsed', data: { leadId: cause.leadId, nurturedAt: cause.nurturedAt, at: dueAt } };
  await scheduleTimer(tx, {
    timerId,
    dueAt,
    streamId: `nurture-${cause.leadId}`,
    event: { ...event, metadata: { leadId: cause.leadId, correlationId: cause.correlationId, causationId: cause.eventId } },
  });
  return timerId;
}
