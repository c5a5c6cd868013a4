import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CustomerSuccessError, type CustomerCommand } from '@leadline/domain';
import { newEventId, runInTransaction } from '@leadline/event-store';
import { assertMayActOn, assertMayRead, type Principal } from '@leadline/platform';
import { CustomerSuccessHandler } from '../customer-success.tokens';
import type { ChurnCustomerDto, CloseUpsellDto, OpenUpsellDto, RenewCustomerDto } from './customer.dto';
import { onCustomer, type CustomerSession } from './customer.session';
import { findCustomer, type CustomerView } from './customers.repository';

/** Customer commands: decide on `customer-<id>`, append, timers and read model in one transaction. */
@Injectable()
export class CustomersHandler extends CustomerSuccessHandler {
  onboarded(customerId: string, caller?: Principal): Promise<CustomerView> {
    return this.execute(customerId, caller, (session, at) => session.decide({ type: 'RecordOnboarding', data: { customerId, at } }));
  }

  /** A renewal cancels the pending windows of the old date and plans those of the new one. */
  renew(customerId: string, dto: RenewCustomerDto, caller?: Principal): Promise<CustomerView> {
    return this.execute(customerId, caller, (session, at) => {
      const id = newEventId();
      session.decide({ type: 'RenewCustomer', data: { customerId, newRenewalDate: dto.newRenewalDate, amount: dto.amount, at } }, id);
      session.cancelWindows();
      session.planWindows(id, at, this.config.renewalWindows);
    });
  }

  /** A churn cancels every pending renewal window: nothing fires later. */
  churn(customerId: string, dto: ChurnCustomerDto, caller?: Principal): Promise<CustomerView> {
    return this.execute(customerId, caller, (session, at) => {
      session.decide({ type: 'ChurnCustomer', data: { customerId, reason: dto.reason, at } });
      session.cancelWindows();
    });
  }

  openUpsell(customerId: string, dto: OpenUpsellDto, caller?: Principal): Promise<CustomerView> {
    const upsellId = dto.upsellId ?? randomUUID();
    return this.execute(customerId, caller, (session, at) =>
      session.decide({ type: 'OpenUpsell', data: { customerId, upsellId, description: dto.description, handedTo: dto.handedTo, at } }),
    );
  }

  closeUpsell(customerId: string, upsellId: string, dto: CloseUpsellDto, caller?: Principal): Promise<CustomerView> {
    return this.execute(customerId, caller, (session, at) =>
      session.decide({
        type: 'CloseUpsell',
        data: { customerId, upsellId, won: dto.won, amount: dto.amount ?? null, at },
      } satisfies CustomerCommand),
    );
  }

  /** A rep (customer manager) reads only the customers it manages. */
  async get(customerId: string, caller?: Principal): Promise<CustomerView> {
    const view = await findCustomer(this.store.db, customerId);
    if (!view) throw new CustomerSuccessError('customer-not-found', `customer ${customerId} does not exist`);
    assertMayRead(caller, view.manager?.managerId, `customer ${customerId}`);
    return view;
  }

  /** A caller holding only the rep role acts on the customers it manages, checked on the state the command decides on. */
  private execute(
    customerId: string,
    caller: Principal | undefined,
    act: (session: CustomerSession, at: string) => void,
  ): Promise<CustomerView> {
    const at = this.now();
    return runInTransaction(this.store, async (ctx) => {
      const state = await onCustomer(ctx, customerId, (session) => {
        if (session.state.status !== 'none') assertMayActOn(caller, session.state.managerId, `customer ${customerId}`);
        act(session, at);
      });
      if (state.status === 'none') throw new CustomerSuccessError('customer-not-found', `customer ${customerId} does not exist`);
      const view = await findCustomer(ctx.tx, customerId);
      if (!view) throw new CustomerSuccessError('customer-not-found', `customer ${customerId} does not exist`);
      return view;
    });
  }
}
