import { isOnShift } from '../../routing/assignment.policy';
import type { SdrProfile } from '../../routing/routing.events';
import { clockMinutes } from '../../shared/time-zone';
import { grown, HOURS_PER_WEEK, type ArrivalPattern } from './arrival-pattern';
import { simulateFirstTouch, type HandlingTime, type SimulationResult } from './capacity-simulation';
import { erlangAgentsNeeded, erlangServiceLevel } from './erlang-c';

/** A shift an inbound SDR can work, in UTC: whole hours, never across midnight (as working hours never are). */
export interface ShiftTemplate {
  readonly id: string;
  readonly days: readonly number[];
  readonly start: string;
  readonly end: string;
}

const WEEKDAYS = [1, 2, 3, 4, 5];
const WEEKEND = [6, 7];
export const DEFAULT_SHIFTS: readonly ShiftTemplate[] = [
  ...['00:00-08:00', '04:00-12:00', '08:00-16:00', '12:00-20:00', '16:00-24:00'].map((range) => {
    const [start, end] = range.split('-');
    return { id: `weekday-${start.slice(0, 2)}-${end.slice(0, 2)}`, days: WEEKDAYS, start, end };
  }),
  ...['00:00-08:00', '08:00-16:00', '16:00-24:00'].map((range) => {
    const [start, end] = range.split('-');
    return { id: `weekend-${start.slice(0, 2)}-${end.slice(0, 2)}`, days: WEEKEND, start, end };
  }),
];

export interface PlanningOptions {
  readonly target?: number;
  readonly slaMinutes?: number;
  readonly handling: HandlingTime;
  readonly reactionMinutes?: readonly number[];
  readonly shifts?: readonly ShiftTemplate[];
  readonly weeks?: number;
  readonly seed: number;
}

export interface ShiftPlan {
  readonly target: number;
  readonly slaMinutes: number;
  /** SDRs per shift template (one SDR works one template). */
  readonly shifts: readonly { readonly shift: ShiftTemplate; readonly sdrs: number }[];
  readonly sdrs: number;
  /** Erlang C's minimum per UTC hour of the week, and what the plan staffs. */
  readonly required: readonly number[];
  readonly staffing: readonly number[];
  readonly erlangServiceLevel: number;
  readonly simulated: SimulationResult;
}

/** Which UTC hours of the week a shift covers. */
export function shiftHours(shift: ShiftTemplate): boolean[] {
  const from = clockMinutes(shift.start) / 60;
  const to = clockMinutes(shift.end) / 60;
  return Array.from({ length: HOURS_PER_WEEK }, (_v, h) => shift.days.includes(Math.floor(h / 24) + 1) && h % 24 >= from && h % 24 < to);
}

const meanOf = (handling: HandlingTime) =>
  handling.kind === 'exponential'
    ? handling.meanMinutes
    : handling.minutes.reduce((a, b) => a + b, 0) / Math.max(1, handling.minutes.length);

/** Erlang C's service level over the week, each hour weighted by its arrivals. */
export function weeklyErlangServiceLevel(
  perHour: readonly number[],
  staffing: readonly number[],
  handlingMinutes: number,
  slaMinutes: number,
): number {
  const total = perHour.reduce((a, b) => a + b, 0);
  if (total === 0) return 1;
  return perHour.reduce((sum, rate, h) => sum + rate * erlangServiceLevel(rate / 60, handlingMinutes, staffing[h], slaMinutes), 0) / total;
}

/** Inbound SDRs on shift in each UTC hour of the week, from their working hours in their own time zones (at the middle of each hour of `weekOf`'s week). */
export function rosterStaffing(profiles: readonly SdrProfile[], weekStart: string): number[] {
  const monday = Date.parse(weekStart);
  return Array.from({ length: HOURS_PER_WEEK }, (_v, h) => {
    const at = new Date(monday + h * 3_600_000 + 1_800_000).toISOString();
    return profiles.filter((p) => p.active && p.team === 'inbound' && isOnShift(p, at)).length;
  });
}

/** The simulation both planners run: `weeks` (default 8) of arrivals after a day of warm-up. */
function simulateWeeks(
  perHour: readonly number[],
  staffing: readonly number[],
  slaMinutes: number,
  options: Omit<PlanningOptions, 'target' | 'shifts'>,
) {
  const { handling, reactionMinutes, seed } = options;
  return simulateFirstTouch({
    perHour,
    staffing,
    handling,
    reactionMinutes,
    slaMinutes,
    weeks: options.weeks ?? 8,
    warmUpMinutes: 24 * 60,
    seed,
  });
}

/**
 * How many inbound SDRs on which shifts touch `target` of inbound leads within `slaMinutes`: Erlang
 * C sizes each hour, shifts are added greedily where the most uncovered need is, and the
 * discrete-event simulation checks the plan; while the simulation falls short, a shift is added
 * over the hour that loses the most leads.
 */
export function planInboundShifts(pattern: ArrivalPattern, options: PlanningOptions): ShiftPlan {
  const target = options.target ?? 0.95;
  const slaMinutes = options.slaMinutes ?? 5;
  const shifts = options.shifts ?? DEFAULT_SHIFTS;
  const handlingMean = meanOf(options.handling);
  const required = pattern.perHour.map((rate) => erlangAgentsNeeded(rate / 60, handlingMean, target, slaMinutes));
  const cover = shifts.map(shiftHours);
  const counts = new Array<number>(shifts.length).fill(0);
  const staffing = new Array<number>(HOURS_PER_WEEK).fill(0);
  const add = (i: number) => {
    counts[i]++;
    cover[i].forEach((on, h) => (staffing[h] += on ? 1 : 0));
  };
  for (;;) {
    const gains = cover.map((hours) =>
      hours.reduce((sum, on, h) => sum + (on && staffing[h] < required[h] ? required[h] - staffing[h] : 0), 0),
    );
    const best = gains.indexOf(Math.max(...gains));
    if (gains[best] <= 0) break;
    add(best);
  }
  const simulate = () => simulateWeeks(pattern.perHour, staffing, slaMinutes, options);
  let simulated = simulate();
  for (let round = 0; simulated.serviceLevel < target && round < 40; round++) {
    const lost = simulated.perHour.map((sl, h) => (sl === null ? 0 : (1 - sl) * simulated.arrivalsPerHour[h]));
    const worst = lost.indexOf(Math.max(...lost));
    const candidates = cover.map((hours, i) => (hours[worst] ? i : -1)).filter((i) => i >= 0);
    if (candidates.length === 0) break;
    add(candidates[0]);
    simulated = simulate();
  }
  return {
    target,
    slaMinutes,
    shifts: shifts.map((shift, i) => ({ shift, sdrs: counts[i] })).filter((s) => s.sdrs > 0),
    sdrs: counts.reduce((a, b) => a + b, 0),
    required,
    staffing,
    erlangServiceLevel: weeklyErlangServiceLevel(pattern.perHour, staffing, handlingMean, slaMinutes),
    simulated,
  };
}

export interface GrowthRow {
  readonly growth: number;
  readonly leadsPerWeek: number;
  readonly simulatedServiceLevel: number;
  readonly erlangServiceLevel: number;
  readonly meanWaitMinutes: number;
}

/** What a growth in lead volume does to the first-touch SLA with a given staffing (e.g. today's roster). */
export function slaUnderGrowth(
  pattern: ArrivalPattern,
  staffing: readonly number[],
  growths: readonly number[],
  options: Omit<PlanningOptions, 'target' | 'shifts'>,
): GrowthRow[] {
  const slaMinutes = options.slaMinutes ?? 5;
  return growths.map((growth) => {
    const perHour = grown(pattern, growth).perHour;
    const simulated = simulateWeeks(perHour, staffing, slaMinutes, options);
    return {
      growth,
      leadsPerWeek: perHour.reduce((a, b) => a + b, 0),
      simulatedServiceLevel: simulated.serviceLevel,
      erlangServiceLevel: weeklyErlangServiceLevel(perHour, staffing, meanOf(options.handling), slaMinutes),
      meanWaitMinutes: simulated.meanWaitMinutes,
    };
  });
}
