import { randomUUID } from 'node:crypto';
import type { OpportunityWon } from '@leadline/domain';
import type { EventStore } from '@leadline/event-store';

/** Writes the `OpportunityWon` the appointments service would have written (its API is not needed here). */
export async function givenWonDeal(
  store: EventStore,
  deal: { renewalDate: string; segment: string | null; at: string; amount?: number },
): Promise<OpportunityWon['data']> {
  const opportunityId = randomUUID();
  const leadId = randomUUID();
  const won: OpportunityWon = {
    type: 'OpportunityWon',
    data: {
      opportunityId,
      leadId,
      aeId: 'hunter-hal',
      amount: deal.amount ?? 24_000,
      margin: 0.7,
      contractTermMonths: 12,
      renewalDate: deal.renewalDate,
      segment: deal.segment,
      at: deal.at,
    },
  };
  await store.appendToStream(`opportunity-${opportunityId}`, [{ ...won, metadata: { leadId, correlationId: leadId } }]);
  return won.data;
}

export const DAY_MS = 86_400_000;
export const daysAfter = (iso: string, days: number) => new Date(new Date(iso).getTime() + days * DAY_MS).toISOString();
