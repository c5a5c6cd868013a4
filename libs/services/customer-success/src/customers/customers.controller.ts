import { Body, Controller, Get, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CustomerSuccessErrorFilter } from '../shared/customer-success-error.filter';
import { ChurnCustomerDto, CloseUpsellDto, OpenUpsellDto, RenewCustomerDto } from './customer.dto';
import { CustomersHandler } from './customers.handler';
import type { CustomerView } from './customers.repository';
import { ApiDomainErrors, ApiRoute, Caller, Idempotent, Roles, type Principal } from '@leadline/platform';
import { CustomerViewDto } from './customer-view.dto';

@ApiTags('customer-success')
@Controller('customers')
@UseFilters(CustomerSuccessErrorFilter)
@ApiDomainErrors(CustomerSuccessErrorFilter)
export class CustomersController {
  constructor(private readonly customers: CustomersHandler) {}

  @Get(':id')
  @Roles('sales-ops', 'manager', 'rep', 'analyst')
  @ApiRoute({ summary: 'A customer: owner, renewal windows, renewals, upsells and churn', ok: CustomerViewDto })
  get(@Param('id') id: string, @Caller() caller: Principal): Promise<CustomerView> {
    return this.customers.get(id, caller);
  }

  @Post(':id/onboarded')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(200)
  @ApiRoute({ summary: 'Record that the customer is onboarded', ok: CustomerViewDto })
  onboarded(@Param('id') id: string, @Caller() caller: Principal): Promise<CustomerView> {
    return this.customers.onboarded(id, caller);
  }

  @Post(':id/renew')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(200)
  @ApiRoute({ summary: 'Renew the contract: a new renewal date (after the current one) and amount', ok: CustomerViewDto, errors: [400] })
  renew(@Param('id') id: string, @Body() dto: RenewCustomerDto, @Caller() caller: Principal): Promise<CustomerView> {
    return this.customers.renew(id, dto, caller);
  }

  @Post(':id/churn')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(200)
  @ApiRoute({ summary: 'Record that the customer churned, and why', ok: CustomerViewDto, errors: [400] })
  churn(@Param('id') id: string, @Body() dto: ChurnCustomerDto, @Caller() caller: Principal): Promise<CustomerView> {
    return this.customers.churn(id, dto, caller);
  }

  @Post(':id/upsells')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(201)
  @ApiRoute({ summary: 'Open an upsell, handed to a business-development rep', ok: CustomerViewDto, status: 201, errors: [400] })
  openUpsell(@Param('id') id: string, @Body() dto: OpenUpsellDto, @Caller() caller: Principal): Promise<CustomerView> {
    return this.customers.openUpsell(id, dto, caller);
  }

  @Post(':id/upsells/:upsellId/close')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(200)
  @ApiRoute({ summary: 'Close an upsell: won (with its amount) or lost', ok: CustomerViewDto, errors: [400] })
  closeUpsell(
    @Param('id') id: string,
    @Param('upsellId') upsellId: string,
    @Body() dto: CloseUpsellDto,
    @Caller() caller: Principal,
  ): Promise<CustomerView> {
    return this.customers.closeUpsell(id, upsellId, dto, caller);
  }
}
