import { localTime } from './time-zone';

/** ICU's answer, asked afresh (what localTime answered before it remembered its last instant per zone). */
function fresh(instant: string, timeZone: string): { weekday: number; minuteOfDay: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(part('weekday')) + 1;
  return { weekday, minuteOfDay: Number(part('hour')) * 60 + Number(part('minute')) };
}

describe('localTime', () => {
  it('answers each instant and zone as ICU does, whatever was asked just before', () => {
    // Across New York's spring-forward (2026-03-08 07:00Z) and Kathmandu's +05:45, zones and instants interleaved and repeated.
    const instants = ['2026-03-08T06:59:00Z', '2026-03-08T07:00:00Z', '2026-03-08T07:00:00.001Z', '2026-12-06T23:30:00Z'];
    const zones = ['America/New_York', 'Asia/Kathmandu', 'UTC'];
    for (const instant of [...instants, ...instants.slice().reverse()]) {
      for (const timeZone of [...zones, ...zones]) expect(localTime(instant, timeZone)).toEqual(fresh(instant, timeZone));
    }
    expect(localTime('2026-03-08T06:59:00Z', 'America/New_York')).toEqual({ weekday: 7, minuteOfDay: 1 * 60 + 59 });
    expect(localTime(new Date('2026-03-08T07:00:00Z'), 'America/New_York')).toEqual({ weekday: 7, minuteOfDay: 3 * 60 });
  });

  it('gives every caller its own answer: changing one does not change the next', () => {
    const first = localTime('2026-12-07T09:15:00Z', 'Europe/Berlin');
    first.minuteOfDay = 0;
    expect(localTime('2026-12-07T09:15:00Z', 'Europe/Berlin')).toEqual({ weekday: 1, minuteOfDay: 10 * 60 + 15 });
  });
});
