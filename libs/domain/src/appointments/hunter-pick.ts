import { seededRandom } from '../shared/seeded-random';
import { isOnTimeOff } from '../shared/working-time';
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
