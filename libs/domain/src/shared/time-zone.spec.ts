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
      for (const timeZone of [...zones, ...zones]) {
        expect(localTime(instant, timeZone)).toEqual(fresh(instant, timeZone));
        expect(localTime(Date.parse(instant), timeZone)).toEqual(fresh(instant, timeZone));
      }
    }
    expect(localTime('2026-03-08T06:59:00Z', 'America/New_York')).toEqual({ weekday: 7, minuteOfDay: 1 * 60 + 59 });
    expect(localTime(new Date('2026-03-08T07:00:00Z'), 'America/New_York')).toEqual({ weekday: 7, minuteOfDay: 3 * 60 });
  });

  it('answers every second of a minute as ICU does, in a zone whose offset once had seconds too', () => {
    // Africa/Monrovia was UTC-00:44:30 until 1972: its local minutes began at :30 of the UTC minute.
    const cases: [string, string][] = [];
    for (const zone of ['Africa/Monrovia', 'Asia/Kathmandu', 'America/New_York']) {
      for (const minute of ['1960-06-01T12:00', '2026-03-08T06:59', '2026-12-07T09:15']) {
        for (const second of ['00', '15', '29', '30', '31', '59']) cases.push([`${minute}:${second}Z`, zone]);
      }
    }
    for (const [instant, timeZone] of [...cases, ...cases.slice().reverse()]) {
      expect([instant, timeZone, localTime(instant, timeZone)]).toEqual([instant, timeZone, fresh(instant, timeZone)]);
    }
    expect(localTime('1960-06-01T12:00:29Z', 'Africa/Monrovia').minuteOfDay).toBe(11 * 60 + 15);
    expect(localTime('1960-06-01T12:00:31Z', 'Africa/Monrovia').minuteOfDay).toBe(11 * 60 + 16);
  });

  it('gives every caller its own answer: changing one does not change the next', () => {
    const first = localTime('2026-12-07T09:15:00Z', 'Europe/Berlin');
    first.minuteOfDay = 0;
    expect(localTime('2026-12-07T09:15:00Z', 'Europe/Berlin')).toEqual({ weekday: 1, minuteOfDay: 10 * 60 + 15 });
  });
});
