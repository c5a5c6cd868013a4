import { Injectable } from '@nestjs/common';
import { LeadIntakeError, leadIntakeDecider } from '@leadline/domain';
import { deriveEventId, loadStream, runInTransaction } from '@leadline/event-store';
import { LeadIntakeHandler } from '../lead-intake.tokens';
import { handleOnLead, leadStream } from '../capture/capture-lead.handler';
import { lockIdentities } from '../capture/identity-locks';

/**
 * Reverses a merge: the duplicate capture leaves the lead (LeadDuplicateUnmerged on it) and
 * becomes a lead of its own, whose id is derived from the capture so a retry finds it. The
 * identity claims stay with the original lead: new captures of those keys still merge there.
 */
@Injectable()
export class UnmergeDuplicateHandler extends LeadIntakeHandler {
  unmerge(leadId: string, captureId: string, reason: string): Promise<{ leadId: string; newLeadId: string }> {
    const newLeadId = deriveEventId('lead-intake/unmerge', `${leadId}/${captureId}`);
    return runInTransaction(this.store, async (ctx) => {
      const { tx } = ctx;
      await lockIdentities(tx, [`lead/${leadId}`]);
      const { state } = await loadStream(ctx.store, leadStream(leadId), leadIntakeDecider);
      const entry = state.status === 'captured' ? state.captures[captureId] : undefined;
      const unmergedAt = this.now();
      await handleOnLead(ctx, { type: 'UnmergeDuplicate', data: { leadId, captureId, newLeadId, reason, unmergedAt } }, captureId);
      if (!entry) throw new LeadIntakeError('capture-not-merged', `Capture ${captureId} is not a merged duplicate of lead ${leadId}`);
      await handleOnLead(ctx, { type: 'CaptureLead', data: { leadId: newLeadId, capture: entry.capture } }, captureId);
      return { leadId, newLeadId };
    });
  }
}
