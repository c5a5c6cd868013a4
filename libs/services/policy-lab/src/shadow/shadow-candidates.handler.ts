import { Injectable } from '@nestjs/common';
import { shadowCandidateDecider, type ShadowCandidate, type ShadowCandidateCommand } from '@leadline/domain';
import { handleCommand, runInTransaction } from '@leadline/event-store';
import { PolicyLabHandler } from '../policy-lab.tokens';
import { listShadowCandidates, saveShadowCandidate, type ShadowCandidateRow } from './shadow-candidates.repository';

/** Shadow candidates' commands on `shadowcandidate-<id>`: the event and the lab's candidate row commit together. */
@Injectable()
export class ShadowCandidatesHandler extends PolicyLabHandler {
  register(candidateId: string, candidate: ShadowCandidate, note: string | null): Promise<ShadowCandidateRow> {
    return this.execute(candidateId, { type: 'RegisterShadow', data: { candidateId, candidate, note, at: this.now() } });
  }

  drop(candidateId: string, reason: string): Promise<ShadowCandidateRow> {
    return this.execute(candidateId, { type: 'DropShadow', data: { candidateId, reason, at: this.now() } });
  }

  /** Records the promotion; scoring (a model) or routing (a policy) reacts by activating it through its own command. */
  promote(candidateId: string): Promise<ShadowCandidateRow> {
    return this.execute(candidateId, { type: 'PromoteShadow', data: { candidateId, at: this.now() } });
  }

  list(): Promise<ShadowCandidateRow[]> {
    return listShadowCandidates(this.store.db);
  }

  private execute(candidateId: string, command: ShadowCandidateCommand): Promise<ShadowCandidateRow> {
    return runInTransaction(this.store, async (ctx) => {
      const { newState } = await handleCommand(
        ctx,
        `shadowcandidate-${candidateId}`,
        shadowCandidateDecider,
        (state) => shadowCandidateDecider.decide(command, state),
        { metadata: { correlationId: candidateId } },
      );
      await saveShadowCandidate(ctx.tx, newState, command.data.at);
      const row = (await listShadowCandidates(ctx.tx)).find((c) => c.candidateId === candidateId);
      if (!row) throw new Error(`shadow candidate ${candidateId} was not saved`);
      return row;
    });
  }
}
