import { seededRandom } from '../../shared/seeded-random';
import { HOURS_PER_WEEK } from './arrival-pattern';

/** How long an SDR is taken by a lead's first touch, in minutes. */
export type HandlingTime =
  { readonly kind: 'exponential'; readonly meanMinutes: number } | { readonly kind: 'empirical'; readonly minutes: readonly number[] };

export interface SimulationInput {
  /** Mean arrivals per hour for each UTC hour of the week. */
  readonly perHour: readonly number[];
  /** SDRs on shift in each UTC hour of the week. */
  readonly staffing: readonly number[];
  readonly handling: HandlingTime;
  /** Recorded response times (minutes from pick-up to touch); none means the touch starts at pick-up. */
  readonly reactionMinutes?: readonly number[];
  readonly slaMinutes: number;
  readonly weeks: number;
  /** Minutes simulated first and not counted, so the queue starts in its usual state. */
  readonly warmUpMinutes?: number;
  readonly seed: number;
}

export interface SimulationResult {
  readonly arrivals: number;
  readonly withinSla: number;
  readonly serviceLevel: number;
  readonly meanWaitMinutes: number;
  /** Service level per UTC hour of the week (null for hours without arrivals). */
  readonly perHour: readonly (number | null)[];
  readonly arrivalsPerHour: readonly number[];
}

/** A binary min-heap of numbers: the busy SDRs' finishing times. */
class MinHeap {
  private readonly items: number[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): number {
    return this.items[0];
  }
  push(value: number): void {
    const a = this.items;
    a.push(value);
    for (let i = a.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (a[parent] <= a[i]) break;
      [a[parent], a[i]] = [a[i], a[parent]];
      i = parent;
    }
  }
  pop(): number {
    const a = this.items;
    const top = a[0];
    const last = a.pop() as number;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l] < a[m]) m = l;
        if (r < a.length && a[r] < a[m]) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

const HOUR = 60;

/**
 * Discrete-event simulation of the inbound first touch: Poisson arrivals at each hour's recorded
 * rate, a FIFO queue, the SDRs on shift that hour as servers (an SDR whose shift ends finishes the
 * lead at hand), each pick-up followed by a response time drawn from the recorded ones and a
 * handling time. A lead is within the SLA when its wait plus the response is at most `slaMinutes`.
 * Seeded: the same input gives the same result.
 */
export function simulateFirstTouch(input: SimulationInput): SimulationResult {
  const random = seededRandom(input.seed);
  const exp = (mean: number) => -Math.log(1 - random()) * mean;
  const handling = () =>
    input.handling.kind === 'exponential'
      ? exp(input.handling.meanMinutes)
      : input.handling.minutes[Math.floor(random() * input.handling.minutes.length)];
  const reactions = input.reactionMinutes ?? [];
  const reaction = () => (reactions.length === 0 ? 0 : reactions[Math.floor(random() * reactions.length)]);
  const warmUp = input.warmUpMinutes ?? 0;
  const end = warmUp + input.weeks * HOURS_PER_WEEK * HOUR;
  const hourAt = (t: number) => Math.floor(t / HOUR) % HOURS_PER_WEEK;

  const arrivals: number[] = [];
  for (let hourStart = 0; hourStart < end; hourStart += HOUR) {
    const rate = input.perHour[hourAt(hourStart)] / HOUR;
    if (rate <= 0) continue;
    for (let t = hourStart + exp(1 / rate); t < hourStart + HOUR; t += exp(1 / rate)) arrivals.push(t);
  }

  const busy = new MinHeap();
  const queue: number[] = [];
  let head = 0;
  let next = 0;
  let nextHour = 0;
  let staff = 0;
  const counted = new Array<number>(HOURS_PER_WEEK).fill(0);
  const within = new Array<number>(HOURS_PER_WEEK).fill(0);
  let waitSum = 0;
  let served = 0;
  const start = (now: number) => {
    while (head < queue.length && busy.size < staff) {
      const arrived = queue[head++];
      const react = reaction();
      busy.push(now + react + handling());
      if (arrived < warmUp) continue;
      const wait = now - arrived;
      const h = hourAt(arrived);
      counted[h]++;
      served++;
      waitSum += wait;
      if (wait + react <= input.slaMinutes) within[h]++;
    }
  };
  // Leads still waiting at the end count as missed: nobody touched them in time.
  for (;;) {
    const tArrival = next < arrivals.length ? arrivals[next] : Infinity;
    const tDone = busy.size > 0 ? busy.peek() : Infinity;
    const tHour = nextHour < end ? nextHour : Infinity;
    const now = Math.min(tArrival, tDone, tHour);
    if (now === Infinity) break;
    if (now === tHour) {
      staff = input.staffing[hourAt(now)];
      nextHour += HOUR;
    } else if (now === tDone) busy.pop();
    else queue.push(arrivals[next++]);
    start(now);
    if (next >= arrivals.length && head >= queue.length && now >= end) break;
  }
  for (let i = head; i < queue.length; i++) if (queue[i] >= warmUp) counted[hourAt(queue[i])]++;
  const total = counted.reduce((a, b) => a + b, 0);
  const inSla = within.reduce((a, b) => a + b, 0);
  return {
    arrivals: total,
    withinSla: inSla,
    serviceLevel: total === 0 ? 1 : inSla / total,
    meanWaitMinutes: served === 0 ? 0 : waitSum / served,
    perHour: counted.map((n, h) => (n === 0 ? null : within[h] / n)),
    arrivalsPerHour: counted,
  };
}
