import { Body, Controller, Get, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PipelineErrorFilter } from '../opportunities/shared/pipeline-error.filter';
import { ReceiveListDto } from './vendor.dto';
import { VendorHandler, type VendorOutcome } from './vendor.handler';
import { Idempotent, Roles } from '@leadline/platform';

@ApiTags('vendors')
@Controller('vendors')
@UseFilters(PipelineErrorFilter)
export class VendorController {
  constructor(private readonly vendors: VendorHandler) {}

  /** A new vendor's first list: a sample is released, the rest held. Later lists follow the vendor's standing. */
  @Post(':id/lists')
  @Roles('sales-ops')
  @Idempotent()
  @HttpCode(201)
  receive(@Param('id') vendorId: string, @Body() dto: ReceiveListDto): Promise<VendorOutcome> {
    return this.vendors.receiveList(vendorId, dto.listId, dto.leadIds);
  }

  /** Tests the sample against the approved vendors' history; releases or archives the held leads. */
  @Post(':id/decide')
  @Roles('sales-ops')
  @Idempotent()
  @HttpCode(200)
  decide(@Param('id') vendorId: string): Promise<VendorOutcome> {
    return this.vendors.decide(vendorId);
  }

  @Get(':id')
  @Roles('sales-ops', 'manager', 'analyst')
  view(@Param('id') vendorId: string) {
    return this.vendors.view(vendorId);
  }
}
