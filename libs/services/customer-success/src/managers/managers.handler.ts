import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { customerManagerDecider, type CustomerManagerState } from '@leadline/domain';
import { handleCommand, runInTransaction } from '@leadline/event-store';
import { assignManager } from '../customers/assign-manager';
import { onCustomer } from '../customers/customer.session';
import { unassignedCustomers } from '../customers/customers.repository';
import { CustomerSuccessHandler } from '../customer-success.tokens';
import type { RegisterCustomerManagerDto } from './manager.dto';
import { loadManagers, lockAssignments, saveManager, type ManagerEntry } from './managers.repository';

/** Roster commands on `cm-<managerId>`; a new manager also takes customers that were waiting because everybody was full. */
@Injectable()
export class ManagersHandler extends CustomerSuccessHandler {
  register(dto: RegisterCustomerManagerDto): Promise<CustomerManagerState> {
    const { managerId = randomUUID(), name, email, segments, capacity } = dto;
    const at = this.now();
    return runInTransaction(this.store, async (ctx) => {
      const { newState } = await handleCommand(
        ctx,
        `cm-${managerId}`,
        customerManagerDecider,
        (state) =>
          customerManagerDecider.decide(
            { type: 'RegisterCustomerManager', data: { managerId, name, email, segments, capacity, bounds: this.config.capacity, at } },
            state,
          ),
        { metadata: { correlationId: managerId } },
      );
      await saveManager(ctx.tx, newState);
      await lockAssignments(ctx.tx);
      for (const waiting of await unassignedCustomers(ctx.tx)) {
        let assigned = false;
        await onCustomer(ctx, waiting.customerId, async (session) => {
          assigned = await assignManager(ctx.tx, session, at);
        });
        if (!assigned) break;
      }
      return newState;
    });
  }

  list(): Promise<ManagerEntry[]> {
    return loadManagers(this.store.db);
  }
}
