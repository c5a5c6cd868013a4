import { Inject, Injectable } from '@nestjs/common';
import { LeadIntakeError, type Clock } from '@leadline/domain';
import { deriveEventId, type EventStore, type SqlDatabase } from '@leadline/event-store';
import { EVENT_STORE, SQL_DATABASE } from '@leadline/platform';
import { LEAD_INTAKE_CLOCK } from '../lead-intake.tokens';
import { handleOnLead, loadLead } from '../capture/capture-lead.handler';
import { lockIdentities } from '../capture/identity-locks';

/**
 * Reverses a merge: the duplicate capture leaves the lead (LeadDuplicateUnmerged on it) and
 * becomes a lead of its own, whose id is derived from the capture so a retry finds it. The
 * identity claims stay with the original lead: new captures of those keys still merge there.
 */
@Injectable()
export class UnmergeDuplicateHandler {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEAD_INTAKE_CLOCK) private readonly clock: Clock,
  ) {}

  unmerge(leadId: string, captureId: string, reason: string): Promise<{ leadId: string; newLeadId: string }> {
    const newLeadId = deriveEventId('lead-intake/unmerge', `${leadId}/${captureId}`);
    return this.db.transaction(async (tx) => {
      await lockIdentities(tx, [`lead/${leadId}`]);
      const store = this.store.inTransaction(tx);
      const { state } = await loadLead(store, leadId);
      const entry = state.status === 'captured' ? state.captures[captureId] : undefined;
      const unmergedAt = this.clock.now().toISOString();
      await handleOnLead(tx, store, { type: 'UnmergeDuplicate', data: { leadId, captureId, newLeadId, reason, unmergedAt } }, captureId);
      if (!entry) throw new LeadIntakeError('capture-not-merged', `Capture ${captureId} is not a merged duplicate of lead ${leadId}`);
      await handleOnLead(tx, store, { type: 'CaptureLead', data: { leadId: newLeadId, capture: entry.capture } }, captureId);
      return { leadId, newLeadId };
    });
  }
}
