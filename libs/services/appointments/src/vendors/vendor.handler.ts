import { Injectable } from '@nestjs/common';
import { PipelineError, vendorDecider, type VendorCommand, type VendorEvent, type VendorState } from '@leadline/domain';
import { handleCommand, runInTransaction, type SqlExecutor } from '@leadline/event-store';
import { PipelineHandler } from '../appointments.tokens';
import { applyVendorEvents, approvedVendorCounts, findVendor, leadCountsByStatus, sampleCounts } from './vendor.repository';

export interface VendorOutcome {
  readonly vendorId: string;
  readonly status: VendorState['status'];
  readonly events: readonly VendorEvent[];
}

/** Vendor commands on `vendor-<vendorId>`; the test's inputs come from the read model, the verdict from the domain. */
@Injectable()
export class VendorHandler extends PipelineHandler {
  receiveList(vendorId: string, listId: string, leadIds: readonly string[]): Promise<VendorOutcome> {
    const at = this.now();
    return this.execute(vendorId, async () => ({
      type: 'ReceiveList',
      data: { vendorId, listId, leadIds, sampleSize: this.config.vendorSampleSize, at },
    }));
  }

  decide(vendorId: string): Promise<VendorOutcome> {
    const at = this.now();
    const { vendorAlpha: alpha, vendorTest: test, vendorBaseline: baseline } = this.config;
    return this.execute(vendorId, async (tx) => {
      const sample = await sampleCounts(tx, vendorId);
      const history = await approvedVendorCounts(tx);
      return {
        type: 'DecideVendor',
        data: {
          vendorId,
          sampleConversions: sample.conversions,
          historicalConversions: history.conversions + baseline.conversions,
          historicalSize: history.size + baseline.size,
          alpha,
          test,
          at,
        },
      };
    });
  }

  async view(vendorId: string) {
    const row = await findVendor(this.store.db, vendorId);
    if (!row) throw new PipelineError('vendor-not-found', `no vendor ${vendorId}`);
    const sample = await sampleCounts(this.store.db, vendorId);
    return { vendorId, status: row.status, sample, leads: await leadCountsByStatus(this.store.db, vendorId), decision: row.decision };
  }

  private execute(vendorId: string, command: (tx: SqlExecutor) => Promise<VendorCommand>): Promise<VendorOutcome> {
    return runInTransaction(this.store, async (ctx) => {
      const cmd = await command(ctx.tx);
      const { newEvents, newState } = await handleCommand(
        ctx,
        `vendor-${vendorId}`,
        vendorDecider,
        (state) => vendorDecider.decide(cmd, state),
        {
          metadata: { correlationId: vendorId },
        },
      );
      await applyVendorEvents(ctx.tx, vendorId, newEvents, newState, cmd.data.at);
      return { vendorId, status: newState.status, events: newEvents };
    });
  }
}
