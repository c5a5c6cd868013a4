import { assertMayActOn, assertMayRead, type Principal } from '@leadline/platform';
import { Injectable } from '@nestjs/common';
import {
  opportunityDecider,
  PipelineError,
  timeInStages,
  type LeadEnriched,
  type OpportunityCommand,
  type OpportunityEvent,
  type OpportunityStage,
  type OpportunityState,
  type TimeInStages,
} from '@leadline/domain';
import { domainEventsOf, handleCommand, runInTransaction, type EventStoreReader } from '@leadline/event-store';
import { PipelineHandler } from '../appointments.tokens';
import { findByLead, saveOpportunity, type LeadOpportunityRow } from './opportunity.repository';
import type { LoseOpportunityDto, WinOpportunityDto } from './opportunity.dto';

export interface OpportunityView {
  readonly opportunityId: string;
  readonly leadId: string;
  readonly aeId: string;
  readonly status: 'open' | 'won' | 'lost';
  readonly stage: string;
  readonly openedAt: string;
  /** Milliseconds in each open stage; the current stage counts up to `asOf`. */
  readonly timeInStages: TimeInStages;
  readonly asOf: string;
  readonly won: Extract<OpportunityEvent, { type: 'OpportunityWon' }>['data'] | null;
  readonly lost: Extract<OpportunityEvent, { type: 'OpportunityLost' }>['data'] | null;
}

/** Opportunity commands: load `opportunity-<id>`, decide, append with the expected version, keep the lead row in step. */
@Injectable()
export class OpportunityHandler extends PipelineHandler {
  changeStage(opportunityId: string, to: OpportunityStage, caller?: Principal): Promise<OpportunityView> {
    return this.execute(opportunityId, caller, () => ({ type: 'ChangeStage', data: { to, at: this.now() } }));
  }

  win(opportunityId: string, dto: WinOpportunityDto, caller?: Principal): Promise<OpportunityView> {
    return this.execute(opportunityId, caller, async (state, reader) => ({
      type: 'WinOpportunity',
      data: { ...dto, segment: state.status === 'none' ? null : await segmentOf(reader, state.leadId), at: this.now() },
    }));
  }

  lose(opportunityId: string, dto: LoseOpportunityDto, caller?: Principal): Promise<OpportunityView> {
    return this.execute(opportunityId, caller, () => ({
      type: 'LoseOpportunity',
      data: { reason: dto.reason, hopeless: dto.hopeless, at: this.now() },
    }));
  }

  /** A rep reads only the deals its AE holds. */
  async view(opportunityId: string, caller?: Principal): Promise<OpportunityView> {
    const history = await this.store.readStream(`opportunity-${opportunityId}`);
    if (history.length === 0) throw new PipelineError('opportunity-not-found', `no opportunity ${opportunityId}`);
    const view = viewOf(domainEventsOf<OpportunityEvent>(history), this.now());
    assertMayRead(caller, view.aeId, `opportunity ${opportunityId}`);
    return view;
  }

  async forLead(leadId: string, caller?: Principal): Promise<LeadOpportunityRow | null> {
    const row = await findByLead(this.store.db, leadId);
    if (row) assertMayRead(caller, row.ae_id, `opportunity ${row.opportunity_id}`);
    return row;
  }

  /** A caller holding only the rep role acts on its own deals (the AE that holds it); another AE's deal is 403. */
  private execute(
    opportunityId: string,
    caller: Principal | undefined,
    command: (state: OpportunityState, reader: EventStoreReader) => OpportunityCommand | Promise<OpportunityCommand>,
  ): Promise<OpportunityView> {
    return runInTransaction(this.store, async (ctx) => {
      let past: OpportunityEvent[] = [];
      let at = '';
      const { newEvents, newState } = await handleCommand(
        ctx,
        `opportunity-${opportunityId}`,
        opportunityDecider,
        async (state, stream) => {
          if (state.status === 'none') throw new PipelineError('opportunity-not-found', `no opportunity ${opportunityId}`);
          assertMayActOn(caller, state.aeId, `opportunity ${opportunityId}`);
          past = domainEventsOf<OpportunityEvent>(stream.history);
          const cmd = await command(state, ctx.store);
          at = cmd.data.at;
          return opportunityDecider.decide(cmd, state);
        },
        {
          metadata: (_event, { state, history }) => {
            const leadId = state.status === 'none' ? undefined : state.leadId;
            return { leadId, correlationId: history[0].metadata.correlationId ?? leadId };
          },
        },
      );
      await saveOpportunity(ctx.tx, newState, at, (past[0].data as { at: string }).at);
      return viewOf([...past, ...newEvents], at);
    });
  }
}

/** The lead's segment from enrichment, for customer-success's manager match; null when not enriched. */
async function segmentOf(reader: EventStoreReader, leadId: string): Promise<string | null> {
  const enriched = (await reader.readStream(`enrichment-${leadId}`, { direction: 'backwards' })).find((e) => e.type === 'LeadEnriched');
  return enriched ? (enriched.data as LeadEnriched['data']).segment : null;
}

function viewOf(events: readonly OpportunityEvent[], asOf: string): OpportunityView {
  const state = events.reduce(opportunityDecider.evolve, opportunityDecider.initialState());
  if (state.status === 'none') throw new PipelineError('opportunity-not-found', 'no opportunity');
  const opened = events.find((e) => e.type === 'OpportunityOpened');
  const won = events.find((e): e is Extract<OpportunityEvent, { type: 'OpportunityWon' }> => e.type === 'OpportunityWon');
  const lost = events.find((e): e is Extract<OpportunityEvent, { type: 'OpportunityLost' }> => e.type === 'OpportunityLost');
  return {
    opportunityId: state.opportunityId,
    leadId: state.leadId,
    aeId: state.aeId,
    status: state.status,
    stage: state.stage,
    openedAt: opened?.data.at ?? asOf,
    timeInStages: timeInStages(events, asOf),
    asOf,
    won: won?.data ?? null,
    lost: lost?.data ?? null,
  };
}
