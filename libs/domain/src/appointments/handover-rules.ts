import { AppointmentsError, type AppointmentsErrorCode } from './appointments.errors';
import type { AeRole, FairnessOverride } from './appointments.events';
import { toInterval, type BookingBook, type TimeRange } from './booking-book';
import { coversSegment, eligiblePool, strictMoveAllowed } from './eligible-pool';

/** A booking rule an explicit hand-over would break, as the error code that names it. */
export type HandoverRule = Extract<
  AppointmentsErrorCode,
  'not-a-booking-role' | 'segment-not-served' | 'ae-unavailable' | 'breaks-equality'
>;

export interface HandoverProblem {
  readonly rule: HandoverRule;
  readonly message: string;
}

/** An appointment given by hand (reschedule or reassign with an explicit `aeId`) to `toAeId` at `range`. */
export interface ExplicitHandover {
  readonly fromAeId: string;
  readonly toAeId: string;
  readonly range: TimeRange;
  readonly segment: string;
  /** The roles that take first appointments (configuration): hunters and SEs never do by default. */
  readonly roles: readonly AeRole[];
}

/**
 * Every booking rule an explicit hand-over breaks, hard rules first: the target must have a booking
 * role, serve the prospect's segment and be able to take the time (active, working then, not off,
 * free, under the daily cap); moving to another AE must keep strict equality, counted after the
 * credit leaves its holder (`strictMoveAllowed`), whatever mode the appointment was booked in.
 * Call with the appointment's time released from the book and the counts of the credit's month.
 */
export function handoverProblems(book: BookingBook, h: ExplicitHandover): HandoverProblem[] {
  const to = book.ae(h.toAeId);
  if (!to) throw new AppointmentsError('ae-not-found', `AE ${h.toAeId} is not registered`);
  const problems: HandoverProblem[] = [];
  if (!h.roles.includes(to.profile.role))
    problems.push({
      rule: 'not-a-booking-role',
      message: `${h.toAeId} is a ${to.profile.role}; first appointments go to ${h.roles.join(', ')}`,
    });
  if (!coversSegment(to, h.segment))
    problems.push({ rule: 'segment-not-served', message: `${h.toAeId} does not serve the ${h.segment} segment` });
  const { start, end } = toInterval(h.range);
  if (!book.canTake(to, start, end)) {
    const why = !to.profile.active
      ? 'is inactive'
      : book.present(to, start, end)
        ? 'is busy then or has reached the daily cap'
        : 'does not work then or is off';
    problems.push({ rule: 'ae-unavailable', message: `${h.toAeId} ${why} (${h.range.start})` });
  }
  if (problems.length > 0 || h.toAeId === h.fromAeId) return problems;
  const pool = eligiblePool(book, h.segment, h.roles);
  if (!strictMoveAllowed(book, pool, { fromAeId: h.fromAeId, toAeId: h.toAeId, times: [{ start, end }] }))
    problems.push({
      rule: 'breaks-equality',
      message: `moving the first appointment and its credit from ${h.fromAeId} to ${h.toAeId} breaks strict equality in their peer group`,
    });
  return problems;
}

/**
 * Decides an explicit hand-over: refused with the first broken rule's error, except that strict
 * equality alone may be overridden when the caller gives a reason and overrides are allowed
 * (otherwise 'override-not-allowed'). Returns the override to record, or null when none was needed.
 */
export function decideHandover(
  book: BookingBook,
  h: ExplicitHandover,
  override: { reason: string } | null,
  overridesAllowed: boolean,
): FairnessOverride | null {
  const problems = handoverProblems(book, h);
  const hard = problems.find((p) => p.rule !== 'breaks-equality');
  if (hard) throw new AppointmentsError(hard.rule, hard.message);
  if (problems.length === 0) return null;
  const [equality] = problems;
  if (!override) throw new AppointmentsError(equality.rule, `${equality.message}; an override with a reason can be recorded where allowed`);
  if (!overridesAllowed)
    throw new AppointmentsError('override-not-allowed', `fairness overrides are not allowed here: ${equality.message}`);
  return { rule: 'strict-equality', reason: override.reason };
}
