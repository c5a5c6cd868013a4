import { Inject, Injectable } from '@nestjs/common';
import {
  compareShadow,
  leadOutcomes,
  PolicyLabError,
  shadowRoutingWhy,
  type LeadShadowRouted,
  type LeadShadowScored,
  type ShadowDecisionEvent,
} from '@leadline/domain';
import {
  checkpointOf,
  EVENT_STORE,
  LOG_START,
  type EventStoreReader,
  type LogCheckpoint,
  type TransactionalStore,
} from '@leadline/event-store';
import { answerOf, type ReportAnswer } from '../api/lab-api.service';
import { readLabHistory } from '../history/lab-history.reader';
import { shadowReport } from '../report/shadow.report';
import { listShadowCandidates } from './shadow-candidates.repository';

const SHADOW_TYPES = ['LeadShadowScored', 'LeadShadowRouted'];
const PAGE = 5_000;

/** A candidate's shadow decisions so far against what the line did, and what became of the leads they disagreed on. */
@Injectable()
export class ShadowComparisonService {
  constructor(@Inject(EVENT_STORE) private readonly store: TransactionalStore & EventStoreReader) {}

  async compare(candidateId: string): Promise<ReportAnswer> {
    const row = (await listShadowCandidates(this.store.db)).find((c) => c.candidateId === candidateId);
    if (!row) throw new PolicyLabError('unknown-candidate', `no shadow candidate ${candidateId}`);
    const [decisions, records] = await Promise.all([this.decisions(), readLabHistory(this.store)]);
    const { candidate } = row;
    const why = (e: LeadShadowRouted['data']) => (candidate.kind === 'routing' ? shadowRoutingWhy(e, candidate.policy) : '');
    return answerOf(shadowReport(compareShadow(candidateId, decisions, leadOutcomes(records), why)));
  }

  private async decisions(): Promise<(LeadShadowScored | LeadShadowRouted)[]> {
    const found: ShadowDecisionEvent[] = [];
    let after: LogCheckpoint = LOG_START;
    for (;;) {
      const page = await this.store.readAll({ after, eventTypes: SHADOW_TYPES, maxCount: PAGE });
      for (const e of page) found.push({ type: e.type, data: e.data } as ShadowDecisionEvent);
      if (page.length < PAGE) return found;
      after = checkpointOf(page[page.length - 1]);
    }
  }
}
