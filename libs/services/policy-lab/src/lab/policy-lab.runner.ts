import {
  ACTIVE_ROUTING_POLICY,
  arrivalPattern,
  backtestBooking,
  backtestScoring,
  DEFAULT_FIRST_TOUCH_SLA,
  featureSnapshots,
  leadOutcomes,
  planInboundShifts,
  previewLead,
  recordedResponseMinutes,
  replayRouting,
  rosterStaffing,
  routingBacktest,
  routingHistory,
  slaUnderGrowth,
  trainScoringModel,
  weekStartUtc,
  type FirstTouchSlaPolicy,
  type IcpModel,
  type LabRecord,
  type LeadPreview,
  type ModelFitter,
  type RoutingPolicy,
  type ScoringInput,
  type SdrProfile,
  type TrainingOptions,
} from '@leadline/domain';
import { bookingReport } from '../report/booking.report';
import { capacityReport, type CapacityReportData } from '../report/capacity.report';
import type { LabReport } from '../report/lab-report';
import { routingReport } from '../report/routing.report';
import { scoringReport } from '../report/scoring.report';
import { trainingReport } from '../report/training.report';

export interface CapacityRequest {
  readonly target?: number;
  readonly slaMinutes?: number;
  /** Minutes an SDR is taken by a first touch (exponential); the recorded response times add the delay before it. */
  readonly handlingMinutes: number;
  readonly growth: readonly number[];
  /** Leads per UTC hour of the week (168 numbers) to plan for instead of the recorded pattern, e.g. a forecast. */
  readonly perHour?: readonly number[];
  readonly weeks?: number;
  readonly seed: number;
}

/**
 * The lab's use cases over a recorded history (read-only): back-tests, preview, training, capacity.
 * Pure orchestration of the domain's functions and the report builders; the API and the CLI both
 * call it, so a report is the same from either.
 */
export class PolicyLabRunner {
  constructor(
    private readonly active: IcpModel,
    private readonly fitter: ModelFitter,
    private readonly sla: FirstTouchSlaPolicy = DEFAULT_FIRST_TOUCH_SLA,
  ) {}

  scoring(records: readonly LabRecord[], candidates: readonly IcpModel[]): LabReport<unknown> {
    const { snapshots } = featureSnapshots(records);
    return scoringReport(backtestScoring(snapshots, leadOutcomes(records), this.active, candidates));
  }

  /** The active policy first (its replay checks the history reproduces), then each candidate. */
  routing(
    records: readonly LabRecord[],
    candidates: readonly RoutingPolicy[],
    onProgress?: (done: number, total: number) => void,
  ): LabReport<unknown>[] {
    const history = routingHistory(records);
    return [ACTIVE_ROUTING_POLICY, ...candidates].map((policy) =>
      routingReport(routingBacktest(history, replayRouting(history, policy, { onProgress }), { sla: this.sla })),
    );
  }

  booking(records: readonly LabRecord[]): LabReport<unknown> {
    const segments = new Map<string, string>();
    for (const { event } of records) if (event.type === 'LeadEnriched') segments.set(event.data.leadId, event.data.segment);
    return bookingReport(backtestBooking(records, (leadId) => segments.get(leadId) ?? 'unknown'));
  }

  train(records: readonly LabRecord[], options: Omit<TrainingOptions, 'active'>): { model: IcpModel; report: LabReport<unknown> } {
    const { snapshots } = featureSnapshots(records);
    const result = trainScoringModel(snapshots, leadOutcomes(records), this.fitter, { ...options, active: this.active });
    return { model: result.model, report: trainingReport(result) };
  }

  preview(
    records: readonly LabRecord[],
    lead: ScoringInput & { territory: string | null },
    at: string,
    model: IcpModel = this.active,
    policy: RoutingPolicy = ACTIVE_ROUTING_POLICY,
  ): LeadPreview {
    return previewLead(lead, { at, model, policy, history: routingHistory(records) });
  }

  capacity(records: readonly LabRecord[], request: CapacityRequest): LabReport<CapacityReportData> {
    const segments = new Map<string, string>();
    const captures: { at: string; source: ScoringInput['source']; leadId: string }[] = [];
    const roster = new Map<string, SdrProfile>();
    for (const { event } of records) {
      if (event.type === 'LeadEnriched') segments.set(event.data.leadId, event.data.segment);
      if (event.type === 'LeadCaptured' && event.data.inbound)
        captures.push({ at: event.data.capturedAt, source: event.data.source, leadId: event.data.leadId });
      if (event.type === 'SdrRegistered') roster.set(event.data.sdrId, event.data);
      if (event.type === 'SdrUpdated') {
        const profile = roster.get(event.data.sdrId);
        if (profile) roster.set(event.data.sdrId, { ...profile, ...event.data.changes });
      }
    }
    const dated = captures.map((c) => ({ ...c, segment: segments.get(c.leadId) ?? 'unknown' })).sort((a, b) => a.at.localeCompare(b.at));
    const from = dated.length > 0 ? weekStartUtc(dated[0].at).toISOString() : new Date(0).toISOString();
    const to = dated.length > 0 ? new Date(weekStartUtc(dated[dated.length - 1].at).getTime() + 7 * 86_400_000).toISOString() : from;
    const recorded = arrivalPattern(dated, from, to);
    const pattern = request.perHour ? { ...recorded, perHour: request.perHour } : recorded;
    const reactionMinutes = [...recordedResponseMinutes(routingHistory(records)).values()].flat();
    const handling = { kind: 'exponential' as const, meanMinutes: request.handlingMinutes };
    const options = {
      handling,
      reactionMinutes,
      seed: request.seed,
      weeks: request.weeks,
      slaMinutes: request.slaMinutes ?? this.sla.defaultMinutes,
    };
    const plan = planInboundShifts(pattern, { ...options, target: request.target });
    const today = roster.size > 0 ? rosterStaffing([...roster.values()], from) : null;
    const growth = slaUnderGrowth(pattern, today ?? plan.staffing, request.growth, options);
    return capacityReport({ plan, growth, today });
  }
}
