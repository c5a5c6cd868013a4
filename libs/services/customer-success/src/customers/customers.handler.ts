import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CustomerSuccessError, type Clock, type CustomerCommand } from '@leadline/domain';
import { EVENT_STORE, newEventId, runInTransaction, type TransactionalStore } from '@leadline/event-store';
import type { CustomerSuccessConfig } from '../customer-success.config';
import { CUSTOMER_SUCCESS_CLOCK, CUSTOMER_SUCCESS_CONFIG } from '../customer-success.tokens';
import type { ChurnCustomerDto, CloseUpsellDto, OpenUpsellDto, RenewCustomerDto } from './customer.dto';
import { onCustomer, type CustomerSession } from './customer.session';
import { findCustomer, type CustomerView } from './customers.repository';

/** Customer commands: decide on `customer-<id>`, append, timers and read model in one transaction. */
@Injectable()
export class CustomersHandler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: TransactionalStore,
    @Inject(CUSTOMER_SUCCESS_CLOCK) private readonly clock: Clock,
    @Inject(CUSTOMER_SUCCESS_CONFIG) private readonly config: CustomerSuccessConfig,
  ) {}

  onboarded(customerId: string): Promise<CustomerView> {
    return this.execute(customerId, (session, at) => session.decide({ type: 'RecordOnboarding', data: { customerId, at } }));
  }

  /** A renewal cancels the pending windows of the old date and plans those of the new one. */
  renew(customerId: string, dto: RenewCustomerDto): Promise<CustomerView> {
    return this.execute(customerId, (session, at) => {
      const id = newEventId();
      session.decide({ type: 'RenewCustomer', data: { customerId, newRenewalDate: dto.newRenewalDate, amount: dto.amount, at } }, id);
      session.cancelWindows();
      session.planWindows(id, at, this.config.renewalWindows);
    });
  }

  /** A churn cancels every pending renewal window: nothing fires later. */
  churn(customerId: string, dto: ChurnCustomerDto): Promise<CustomerView> {
    return this.execute(customerId, (session, at) => {
      session.decide({ type: 'ChurnCustomer', data: { customerId, reason: dto.reason, at } });
      session.cancelWindows();
    });
  }

  openUpsell(customerId: string, dto: OpenUpsellDto): Promise<CustomerView> {
    const upsellId = dto.upsellId ?? randomUUID();
    return this.execute(customerId, (session, at) =>
      session.decide({ type: 'OpenUpsell', data: { customerId, upsellId, description: dto.description, handedTo: dto.handedTo, at } }),
    );
  }

  closeUpsell(customerId: string, upsellId: string, dto: CloseUpsellDto): Promise<CustomerView> {
    return this.execute(customerId, (session, at) =>
      session.decide({
        type: 'CloseUpsell',
        data: { customerId, upsellId, won: dto.won, amount: dto.amount ?? null, at },
      } satisfies CustomerCommand),
    );
  }

  async get(customerId: string): Promise<CustomerView> {
    const view = await findCustomer(this.store.db, customerId);
    if (!view) throw new CustomerSuccessError('customer-not-found', `customer ${customerId} does not exist`);
    return view;
  }

  private execute(customerId: string, act: (session: CustomerSession, at: string) => void): Promise<CustomerView> {
    const at = this.clock.now().toISOString();
    return runInTransaction(this.store, async (ctx) => {
      const state = await onCustomer(ctx, customerId, (session) => act(session, at));
      if (state.status === 'none') throw new CustomerSuccessError('customer-not-found', `customer ${customerId} does not exist`);
      const view = await findCustomer(ctx.tx, customerId);
      if (!view) throw new CustomerSuccessError('customer-not-found', `customer ${customerId} does not exist`);
      return view;
    });
  }
}
