import { Inject, Injectable } from '@nestjs/common';
import {
  ACTIVE_SCORING_MODEL_STREAM,
  activatedModel,
  icpModelProblems,
  PolicyLabError,
  routingPolicyProblems,
  scoringInputFrom,
  type IcpModel,
  type LabRecord,
  type LeadPreview,
  type RoutingPolicy,
  type ScoringInput,
  type TrainingTarget,
} from '@leadline/domain';
import { EVENT_STORE, type EventStoreReader } from '@leadline/event-store';
import { readLabHistory } from '../history/lab-history.reader';
import { PolicyLabRunner, type CapacityRequest } from '../lab/policy-lab.runner';
import type { LabReport } from '../report/lab-report';
import { LogisticRegressionFitter } from '../training/logistic-regression.fitter';
import type { PolicyLabConfig } from '../policy-lab.config';
import { POLICY_LAB_CONFIG } from '../policy-lab.tokens';

/** What a report route answers: the report's JSON and its Markdown (charts come from the CLI as SVG files). */
export interface ReportAnswer {
  readonly title: string;
  readonly markdown: string;
  readonly report: unknown;
}

export const answerOf = (report: LabReport<unknown>): ReportAnswer => ({
  title: report.title,
  markdown: report.markdown,
  report: report.json,
});

/** Candidates from a request, each checked like a model or policy file: a broken one is a 400 naming its problems. */
export function validCandidates<T>(values: readonly unknown[] | undefined, what: string, problemsOf: (v: unknown) => string[]): T[] {
  return (values ?? []).map((value, i) => {
    const problems = problemsOf(value);
    if (problems.length > 0) throw new PolicyLabError('invalid-candidate', `${what}[${i}]: ${problems.join('; ')}`);
    return value as T;
  });
}
export const validModels = (values: readonly unknown[] | undefined, what = 'candidates'): IcpModel[] =>
  validCandidates<IcpModel>(values, what, icpModelProblems);
export const validPolicies = (values: readonly unknown[] | undefined, what = 'candidates'): RoutingPolicy[] =>
  validCandidates<RoutingPolicy>(values, what, routingPolicyProblems);

export type PreviewLead = Omit<ScoringInput, 'leadId' | 'scoredAt'> & { readonly territory: string | null };

/**
 * The lab's read-only use cases over the recorded history, as the API serves them: each request
 * reads the store's global log (the lab event types) and runs the same `PolicyLabRunner` as the CLI.
 */
@Injectable()
export class LabApiService {
  private readonly fitter = new LogisticRegressionFitter();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStoreReader,
    @Inject(POLICY_LAB_CONFIG) private readonly config: PolicyLabConfig,
  ) {}

  history(): Promise<LabRecord[]> {
    return readLabHistory(this.store);
  }

  /** The runner judging against the model scoring runs now: the last promoted one, else the configured one. */
  private async runner(): Promise<PolicyLabRunner> {
    const active = activatedModel(await this.store.readStream(ACTIVE_SCORING_MODEL_STREAM)) ?? this.config.activeModel;
    return new PolicyLabRunner(active, this.fitter);
  }

  async scoring(candidates: readonly IcpModel[]): Promise<ReportAnswer> {
    return answerOf((await this.runner()).scoring(await this.history(), candidates));
  }

  async routing(candidates: readonly RoutingPolicy[]): Promise<ReportAnswer[]> {
    return (await this.runner()).routing(await this.history(), candidates).map(answerOf);
  }

  async booking(): Promise<ReportAnswer> {
    return answerOf((await this.runner()).booking(await this.history()));
  }

  async train(options: {
    target: TrainingTarget;
    modelId: string;
    version: number;
    seed: number;
    settledBefore?: string;
  }): Promise<ReportAnswer & { model: IcpModel }> {
    const { model, report } = (await this.runner()).train(await this.history(), options);
    return { model, ...answerOf(report) };
  }

  async capacity(request: CapacityRequest): Promise<ReportAnswer> {
    return answerOf((await this.runner()).capacity(await this.history(), request));
  }

  /** A hypothetical lead, or a recorded one (`leadId`: its latest scored features and enrichment's territory). */
  async preview(
    lead: { leadId: string } | { lead: PreviewLead },
    at: string,
    model: IcpModel | undefined,
    policy: RoutingPolicy | undefined,
  ): Promise<LeadPreview> {
    const records = await this.history();
    const input = 'leadId' in lead ? recordedLead(records, lead.leadId) : { leadId: 'preview', scoredAt: at, ...lead.lead };
    return (await this.runner()).preview(records, input, at, model, policy);
  }
}

function recordedLead(records: readonly LabRecord[], leadId: string): ScoringInput & { territory: string | null } {
  let input: ScoringInput | null = null;
  let territory: string | null = null;
  for (const { event } of records) {
    if (event.type === 'LeadScored' && event.data.leadId === leadId) input = scoringInputFrom(event.data) ?? input;
    if (event.type === 'LeadEnriched' && event.data.leadId === leadId) territory = event.data.territory;
  }
  if (!input) throw new PolicyLabError('unknown-lead', `no scored lead ${leadId} with its features in the history`);
  return { ...input, territory };
}
