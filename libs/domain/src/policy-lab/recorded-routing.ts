import type { RoutingStep } from './routing-history';
import { RoutingLedger } from './routing-ledger';

/**
 * The roster and loads of the line as recorded: each recorded assignment to the SDR the line chose,
 * each closure to that lead's owner. What a preview, a shadow decision or visibility ordering
 * needs to know about "now" in the real history (a replay keeps its own ledger instead).
 */
export class RecordedRouting {
  readonly ledger = new RoutingLedger();
  private readonly owners = new Map<string, string>();

  ownerOf(leadId: string): string | undefined {
    return this.owners.get(leadId);
  }

  /** Applies one recorded step; returns the SDR a closure released, if any. */
  apply(step: RoutingStep): string | undefined {
    switch (step.kind) {
      case 'roster':
        this.ledger.applyRoster(step.event);
        return undefined;
      case 'request': {
        if (step.recordedSdrId === null) return undefined;
        const previous = this.owners.get(step.leadId);
        if (previous !== undefined && step.purpose === 'reassign') this.ledger.release(previous);
        this.ledger.assign(step.recordedSdrId, step.at);
        this.owners.set(step.leadId, step.recordedSdrId);
        return undefined;
      }
      case 'closed': {
        const owner = this.owners.get(step.leadId);
        if (owner === undefined) return undefined;
        this.ledger.release(owner);
        this.owners.delete(step.leadId);
        return owner;
      }
      default:
        return undefined;
    }
  }

  /** Undoes a closure applied too early (visibility ordering): the lead is open with its owner again. */
  reopen(leadId: string, sdrId: string, at: string): void {
    this.ledger.assign(sdrId, at, false);
    this.owners.set(leadId, sdrId);
  }
}
