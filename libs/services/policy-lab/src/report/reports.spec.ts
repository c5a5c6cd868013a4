import {
  backtestBooking,
  backtestScoring,
  planInboundShifts,
  routingBacktest,
  routingHistory,
  replayRouting,
  seededRandom,
  slaUnderGrowth,
  type FeatureSnapshot,
  type IcpModel,
  type LeadOutcome,
} from '@leadline/domain';
import { bookingReport } from './booking.report';
import { capacityReport } from './capacity.report';
import { routingReport } from './routing.report';
import { scoringReport } from './scoring.report';
import { shadowReport } from './shadow.report';
import { renderSvg } from './svg-chart.renderer';
import { flatIcpModel, snapshotOf } from '../shared/icp-model.fixtures';

const model = (modelId: string, industries: Record<string, number>): IcpModel =>
  flatIcpModel(
    modelId,
    { buyingAuthority: 20, headcountBand: 10, revenueBand: 10, industryFit: 40, technologyFit: 10, leadSource: 10 },
    industries,
  );

function leads(): { snapshots: FeatureSnapshot[]; outcomes: Map<string, LeadOutcome> } {
  const random = seededRandom(1);
  const snapshots: FeatureSnapshot[] = [];
  const outcomes = new Map<string, LeadOutcome>();
  for (let i = 0; i < 400; i++) {
    const industry = random() < 0.3 ? 'fintech' : 'retail';
    const leadId = `l${String(i).padStart(3, '0')}`;
    snapshots.push(snapshotOf(leadId, industry, { seniority: 'vp', buyingAuthority: true, headcount: 50, annualRevenue: 1e6, score: 0 }));
    const qualified = random() < (industry === 'fintech' ? 0.7 : 0.1);
    outcomes.set(leadId, { qualified, opportunity: qualified, won: qualified && random() < 0.5, amount: 1000 });
  }
  return { snapshots, outcomes };
}

describe('lab reports', () => {
  it('the scoring report says in words which model ranks better, with tables and two SVG charts', async () => {
    const { snapshots, outcomes } = leads();
    const report = scoringReport(
      backtestScoring(snapshots, outcomes, model('active', { retail: 1 }), [model('candidate', { fintech: 1 })]),
    );
    expect(report.markdown).toMatch(/^# Scoring back-test/);
    expect(report.markdown).toMatch(
      /- candidate v1 ranks qualified leads better than the active model: AUC 0\.\d+ vs 0\.\d+ \(\+0\.\d+\)\./,
    );
    expect(report.markdown).toContain('| model | role | AUC qualified | lift top 10 % qualified | AUC won | lift top 10 % won |');
    expect(report.charts.map((c) => c.name)).toEqual(['scoring-conversion-by-grade', 'scoring-calibration']);
    for (const chart of report.charts) {
      const svg = await renderSvg(chart);
      expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg).toContain(chart.spec.title as string);
      expect(svg).toMatch(/<path|<rect/);
    }
    expect(JSON.parse(JSON.stringify(report.json))).toEqual(report.json);
  });

  it('the shadow report gives the agreement rate and the differences with their outcomes', async () => {
    const comparison = {
      candidateId: 'weekly',
      kind: 'routing' as const,
      decisions: 4,
      agreements: 1,
      agreementRate: 0.25,
      disagreements: [{ change: 'sdr-b → sdr-a', leads: 3, qualified: 1, won: 0, amount: 0 }],
      examples: [
        { leadId: 'L1', change: 'sdr-b → sdr-a', why: 'sdr-a got the lead under inbound-weekly v1: the fewest assignments this week' },
      ],
      outcomes: { agreed: { leads: 1, qualified: 0, won: 0 }, disagreed: { leads: 3, qualified: 1, won: 0 } },
    };
    const report = shadowReport(comparison);
    expect(report.markdown).toContain('4 leads decided in shadow; the candidate agreed with the line on 1 (25.0 %).');
    expect(report.markdown).toContain('| sdr-b → sdr-a | 3 | 1 | 0 | 0 |');
    expect(await renderSvg(report.charts[0])).toMatch(/^<svg/);
  });

  it('routing, booking and capacity reports render their tables and charts', async () => {
    const history = routingHistory([]);
    const routing = routingReport(routingBacktest(history, replayRouting(history)));
    expect(routing.markdown).toContain('| nobody could take the lead when requested | 0 |');
    const booking = bookingReport(backtestBooking([]));
    expect(booking.markdown).toContain('| recorded |');
    const pattern = { perHour: new Array<number>(168).fill(4), bySource: {}, bySegment: {}, weeks: 1, leads: 672 };
    const handling = { kind: 'exponential' as const, meanMinutes: 8 };
    const plan = planInboundShifts(pattern, { handling, seed: 1, weeks: 2 });
    const capacity = capacityReport({
      plan,
      growth: slaUnderGrowth(pattern, plan.staffing, [0, 0.25], { handling, seed: 1, weeks: 2 }),
      today: null,
    });
    expect(capacity.markdown).toMatch(new RegExp(`\\*\\*${plan.sdrs} inbound SDRs\\*\\*`));
    expect(capacity.markdown).toContain('| +25 % |');
    for (const chart of [...routing.charts, ...booking.charts, ...capacity.charts]) expect(await renderSvg(chart)).toMatch(/^<svg/);
  });
});
