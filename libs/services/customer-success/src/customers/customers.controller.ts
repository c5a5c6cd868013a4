import { Body, Controller, Get, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CustomerSuccessErrorFilter } from '../shared/customer-success-error.filter';
import { ChurnCustomerDto, CloseUpsellDto, OpenUpsellDto, RenewCustomerDto } from './customer.dto';
import { CustomersHandler } from './customers.handler';
import type { CustomerView } from './customers.repository';
import { Caller, Idempotent, Roles, type Principal } from '@leadline/platform';

@ApiTags('customer-success')
@Controller('customers')
@UseFilters(CustomerSuccessErrorFilter)
export class CustomersController {
  constructor(private readonly customers: CustomersHandler) {}

  @Get(':id')
  @Roles('sales-ops', 'manager', 'rep', 'analyst')
  get(@Param('id') id: string, @Caller() caller: Principal): Promise<CustomerView> {
    return this.customers.get(id, caller);
  }

  @Post(':id/onboarded')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(200)
  onboarded(@Param('id') id: string, @Caller() caller: Principal): Promise<CustomerView> {
    return this.customers.onboarded(id, caller);
  }

  @Post(':id/renew')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(200)
  renew(@Param('id') id: string, @Body() dto: RenewCustomerDto, @Caller() caller: Principal): Promise<CustomerView> {
    return this.customers.renew(id, dto, caller);
  }

  @Post(':id/churn')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(200)
  churn(@Param('id') id: string, @Body() dto: ChurnCustomerDto, @Caller() caller: Principal): Promise<CustomerView> {
    return this.customers.churn(id, dto, caller);
  }

  @Post(':id/upsells')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(201)
  openUpsell(@Param('id') id: string, @Body() dto: OpenUpsellDto, @Caller() caller: Principal): Promise<CustomerView> {
    return this.customers.openUpsell(id, dto, caller);
  }

  @Post(':id/upsells/:upsellId/close')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(200)
  closeUpsell(
    @Param('id') id: string,
    @Param('upsellId') upsellId: string,
    @Body() dto: CloseUpsellDto,
    @Caller() caller: Principal,
  ): Promise<CustomerView> {
    return this.customers.closeUpsell(id, upsellId, dto, caller);
  }
}
