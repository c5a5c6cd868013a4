import { seededRandom } from '../shared/seeded-random';
import { wallClock } from '../shared/time-zone';
import { isOnTimeOff } from '../shared/working-time';
import { creditMonthOf } from './appointment-credits';
import type { AppointmentStatus } from './appointment.decider';
import type { RosterAe } from './booking-book';
import { coversSegment } from './eligible-pool';
import { fairPick } from './fair-allocation';

export interface HunterStanding {
  readonly ae: RosterAe;
  readonly handoffsThisMonth: number;
  readonly handoffsToday: number;
  readonly openDeals: number;
}

/**
 * The hunter a demo guru hands a moved-forward prospect to: active, serving the segment, not off at
 * `at`, under the daily cap of new appointments and under the open-deals cap; fewest handoffs this
 * month first, ties by seeded PRNG.
 */
export function pickHunter(
  hunters: readonly HunterStanding[],
  request: { at: string; segment: string; seed: number },
): { hunterId: string | null; pool: { aeId: string; monthToDate: number; openDeals: number; handoffsToday: number }[] } {
  const at = Date.parse(request.at);
  const eligible = hunters.filter(
    ({ ae, handoffsToday, openDeals }) =>
      ae.profile.role === 'hunter' &&
      ae.profile.active &&
      coversSegment(ae, request.segment) &&
      !isOnTimeOff(ae.timeOff, at) &&
      handoffsToday < ae.profile.dailyCap &&
      openDeals < (ae.profile.openDealsCap ?? Number.POSITIVE_INFINITY),
  );
  const chosen = fairPick(
    eligible.map((h) => ({ id: h.ae.aeId, count: h.handoffsThisMonth })),
    seededRandom(request.seed),
  );
  return {
    hunterId: chosen?.id ?? null,
    pool: eligible.map((h) => ({
      aeId: h.ae.aeId,
      monthToDate: h.handoffsThisMonth,
      openDeals: h.openDeals,
      handoffsToday: h.handoffsToday,
    })),
  };
}

/** One recorded hand-over of a moved-forward prospect to a hunter. */
export interface HandoffRecord {
  readonly hunterId: string;
  readonly at: string;
}

/** What the hunter pick reads: the hunters on the roster, their hand-overs since `handoffsSince(at)` and open deals. */
export interface HunterCandidates {
  readonly hunters: readonly RosterAe[];
  readonly handoffs: readonly HandoffRecord[];
  readonly openDeals: Readonly<Record<string, number>>;
}

/**
 * From when hand-overs must be read to rank hunters at `at`: the start of the UTC month (this
 * month's count) or two days back (today on any hunter's wall clock), whichever is earlier.
 */
export function handoffsSince(at: string): string {
  const monthStart = Date.parse(`${creditMonthOf(at)}-01T00:00:00.000Z`);
  return new Date(Math.min(Date.parse(at) - 2 * 86_400_000, monthStart)).toISOString();
}

/** Each hunter's hand-overs this UTC month and today on the hunter's own wall clock, with open deals. */
export function hunterStandings(candidates: HunterCandidates, at: string): HunterStanding[] {
  const monthStart = `${creditMonthOf(at)}-01T00:00:00.000Z`;
  const atMs = Date.parse(at);
  return candidates.hunters.map((ae) => {
    const today = wallClock(atMs, ae.profile.timeZone).date;
    const mine = candidates.handoffs.filter((h) => h.hunterId === ae.aeId);
    return {
      ae,
      handoffsThisMonth: mine.filter((h) => Date.parse(h.at) >= Date.parse(monthStart)).length,
      handoffsToday: mine.filter((h) => wallClock(Date.parse(h.at), ae.profile.timeZone).date === today).length,
      openDeals: candidates.openDeals[ae.aeId] ?? 0,
    };
  });
}

/**
 * The hand-off after a demo: only a held appointment run by a demo guru and moved forward goes to a
 * hunter (null otherwise: another role's demo stays with its AE); the hunter is `pickHunter`'s over
 * the candidates' standings at `at`.
 */
export function hunterHandoff(
  demo: { readonly status: AppointmentStatus; readonly ae: RosterAe | undefined; readonly movedForward: boolean },
  candidates: HunterCandidates,
  request: { at: string; segment: string; seed: number },
): ReturnType<typeof pickHunter> | null {
  if (!demo.movedForward || demo.status !== 'held' || demo.ae?.profile.role !== 'demo-guru') return null;
  return pickHunter(hunterStandings(candidates, request.at), request);
}
