import type { BookingBacktest } from '@leadline/domain';
import { groupedBarChart, type LabReport } from './lab-report';
import { int, num, table } from './markdown.util';

/** The booking back-test (strict vs flexible) as Markdown, JSON and a per-AE chart. */
export function bookingReport(report: BookingBacktest): LabReport<BookingBacktest> {
  const aes = [...new Set([...Object.keys(report.recorded.perAe), ...report.modes.flatMap((m) => Object.keys(m.perAe))])].sort();
  const lines = [
    '# Booking back-test: strict vs flexible fairness',
    '',
    `${int(report.requests)} recorded booking requests replayed under each mode` +
      (report.withoutRecordedRequest > 0
        ? ` (${int(report.withoutRecordedRequest)} recorded without their acceptable times: replayed with the booked time only).`
        : '.'),
    '',
    table(
      ['mode', 'served', 'refused', 'traded equality', 'max − min', 'worst peer group max − min', 'Jain'],
      [
        ['recorded', '', '', '', report.recorded.spread, '', num(report.recorded.jain)],
        ...report.modes.map((m) => [m.mode, int(m.served), int(m.refused), int(m.traded), m.spread, m.worstPeerGroupSpread, num(m.jain)]),
      ],
    ),
    '',
    '## First appointments per AE',
    '',
    table(
      ['AE', 'recorded', ...report.modes.map((m) => m.mode)],
      aes.map((ae) => [ae, report.recorded.perAe[ae] ?? 0, ...report.modes.map((m) => m.perAe[ae] ?? 0)]),
    ),
    '',
  ];
  const values = aes.flatMap((ae) => [
    { ae, series: 'recorded', appointments: report.recorded.perAe[ae] ?? 0 },
    ...report.modes.map((m) => ({ ae, series: m.mode, appointments: m.perAe[ae] ?? 0 })),
  ]);
  return {
    kind: 'booking',
    title: 'Booking back-test',
    markdown: lines.join('\n'),
    json: report,
    charts: [groupedBarChart('booking-per-ae', 'First appointments per AE', values, { x: 'ae', xTitle: 'AE', y: 'appointments' })],
  };
}
