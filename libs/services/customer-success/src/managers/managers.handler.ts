import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { customerManagerDecider, type Clock, type CustomerManagerEvent, type CustomerManagerState } from '@leadline/domain';
import { EVENT_STORE, SQL_DATABASE, type EventStore, type SqlDatabase } from '@leadline/event-store';
import { assignManager } from '../customers/assign-manager';
import { CustomerSession } from '../customers/customer.session';
import { unassignedCustomers } from '../customers/customers.repository';
import type { CustomerSuccessConfig } from '../customer-success.config';
import { CUSTOMER_SUCCESS_CLOCK, CUSTOMER_SUCCESS_CONFIG } from '../customer-success.tokens';
import type { RegisterCustomerManagerDto } from './manager.dto';
import { loadManagers, lockAssignments, saveManager, type ManagerEntry } from './managers.repository';

/** Roster commands on `cm-<managerId>`; a new manager also takes customers that were waiting because everybody was full. */
@Injectable()
export class ManagersHandler {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CUSTOMER_SUCCESS_CLOCK) private readonly clock: Clock,
    @Inject(CUSTOMER_SUCCESS_CONFIG) private readonly config: CustomerSuccessConfig,
  ) {}

  register(dto: RegisterCustomerManagerDto): Promise<CustomerManagerState> {
    const { managerId = randomUUID(), name, email, segments, capacity } = dto;
    const at = this.clock.now().toISOString();
    return this.db.transaction(async (tx) => {
      const store = this.store.inTransaction(tx);
      const streamId = `cm-${managerId}`;
      const history = await store.readStream(streamId);
      const state = history
        .map((e) => ({ type: e.type, data: e.data }) as CustomerManagerEvent)
        .reduce(customerManagerDecider.evolve, customerManagerDecider.initialState());
      const events = customerManagerDecider.decide(
        { type: 'RegisterCustomerManager', data: { managerId, name, email, segments, capacity, bounds: this.config.capacity, at } },
        state,
      );
      await store.appendToStream(
        streamId,
        events.map((event) => ({ ...event, metadata: { correlationId: managerId } })),
        {
          expectedVersion: history.length === 0 ? 'no-stream' : history[history.length - 1].streamVersion,
        },
      );
      const next = events.reduce(customerManagerDecider.evolve, state);
      await saveManager(tx, next);
      await lockAssignments(tx);
      for (const waiting of await unassignedCustomers(tx)) {
        const session = await CustomerSession.open({ tx, store }, waiting.customerId);
        if (!(await assignManager(tx, session, at))) break;
        await session.commit();
      }
      return next;
    });
  }

  list(): Promise<ManagerEntry[]> {
    return loadManagers(this.db);
  }
}
