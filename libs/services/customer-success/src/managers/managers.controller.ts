import { Body, Controller, Get, HttpCode, Post, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CustomerManagerState } from '@leadline/domain';
import { CustomerSuccessErrorFilter } from '../shared/customer-success-error.filter';
import { RegisterCustomerManagerDto } from './manager.dto';
import { ManagersHandler } from './managers.handler';
import type { ManagerEntry } from './managers.repository';
import { ApiDomainErrors, ApiRoute, Idempotent, Roles } from '@leadline/platform';
import { CustomerManagerStateDto, ManagerEntryDto } from './manager-responses.dto';

@ApiTags('customer-success')
@Controller('customer-managers')
@UseFilters(CustomerSuccessErrorFilter)
@ApiDomainErrors(CustomerSuccessErrorFilter)
export class ManagersController {
  constructor(private readonly managers: ManagersHandler) {}

  @Post()
  @Roles('sales-ops')
  @Idempotent()
  @HttpCode(201)
  @ApiRoute({
    summary: 'Register a customer manager (segments served, client capacity)',
    ok: CustomerManagerStateDto,
    status: 201,
    errors: [400],
  })
  register(@Body() dto: RegisterCustomerManagerDto): Promise<CustomerManagerState> {
    return this.managers.register(dto);
  }

  /** The roster with client counts (active customers owned now). */
  @Get()
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiRoute({ summary: 'The customer managers with their client counts (active customers owned now)', ok: [ManagerEntryDto] })
  list(): Promise<ManagerEntry[]> {
    return this.managers.list();
  }
}
