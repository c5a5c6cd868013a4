import { Inject, Injectable } from '@nestjs/common';
import type { PersonErased } from '@leadline/domain';
import { runInTransaction, type PersonalDataVault } from '@leadline/event-store';
import { PERSONAL_DATA_VAULT } from '@leadline/platform';
import { handleOnLead } from '../capture/capture-lead.handler';
import { lockIdentities } from '../capture/identity-locks';
import { LeadIntakeHandler } from '../lead-intake.tokens';
import { CLAIMS, IDEMPOTENCY } from '../schema/lead-intake.schema';

export interface ErasureOutcome {
  readonly leadId: string;
  readonly erasedAt: string;
  /** False when the person had been erased before: nothing changed. */
  readonly erasedNow: boolean;
}

/**
 * Erases the person behind a lead, in one transaction: records PersonErased (no personal data) on
 * the lead, scrubs the overview's email, drops the lead's identity claims (so the same person
 * captured again is a new lead) and idempotency answers, and destroys the data key, after which
 * every personal field of the lead's events, in the store and on Kafka, is unreadable for ever.
 */
@Injectable()
export class ErasePersonHandler extends LeadIntakeHandler {
  @Inject(PERSONAL_DATA_VAULT) private readonly vault!: PersonalDataVault;

  erase(leadId: string): Promise<ErasureOutcome> {
    return runInTransaction(this.store, async (ctx) => {
      const { tx } = ctx;
      await lockIdentities(tx, [`lead/${leadId}`]);
      const erasedAt = this.now();
      const recorded = await handleOnLead(ctx, { type: 'ErasePerson', data: { leadId, erasedAt } }, `erasure/${leadId}`);
      await this.vault.erase(tx, leadId);
      await tx.query(`delete from ${CLAIMS} where lead_id = $1`, [leadId]);
      await tx.query(`delete from ${IDEMPOTENCY} where lead_id = $1`, [leadId]);
      const erased = recorded.find((event): event is PersonErased => event.type === 'PersonErased');
      if (erased) return { leadId, erasedAt: erased.data.erasedAt, erasedNow: true };
      const history = await ctx.store.readStream(`lead-${leadId}`);
      const before = history.find((event) => event.type === 'PersonErased')?.data as PersonErased['data'] | undefined;
      return { leadId, erasedAt: before?.erasedAt ?? erasedAt, erasedNow: false };
    });
  }
}
