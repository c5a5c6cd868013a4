import { Body, Controller, Get, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PipelineErrorFilter } from '../opportunities/shared/pipeline-error.filter';
import { ReceiveListDto } from './vendor.dto';
import { VendorHandler, type VendorOutcome } from './vendor.handler';
import { ApiDomainErrors, ApiRoute, Idempotent, Roles } from '@leadline/platform';
import { VendorOutcomeDto, VendorViewDto } from './vendor-responses.dto';

@ApiTags('vendors')
@Controller('vendors')
@UseFilters(PipelineErrorFilter)
@ApiDomainErrors(PipelineErrorFilter)
export class VendorController {
  constructor(private readonly vendors: VendorHandler) {}

  /** A new vendor's first list: a sample is released, the rest held. Later lists follow the vendor's standing. */
  @Post(':id/lists')
  @Roles('sales-ops')
  @Idempotent()
  @HttpCode(201)
  @ApiRoute({
    summary: "Receive a vendor's list: a new vendor's sample is released, the rest held; later lists follow its standing",
    ok: VendorOutcomeDto,
    status: 201,
    errors: [400],
  })
  receive(@Param('id') vendorId: string, @Body() dto: ReceiveListDto): Promise<VendorOutcome> {
    return this.vendors.receiveList(vendorId, dto.listId, dto.leadIds);
  }

  /** Tests the sample against the approved vendors' history; releases or archives the held leads. */
  @Post(':id/decide')
  @Roles('sales-ops')
  @Idempotent()
  @HttpCode(200)
  @ApiRoute({
    summary: "Test the vendor's sample against the approved vendors' history: release or archive the held leads",
    ok: VendorOutcomeDto,
  })
  decide(@Param('id') vendorId: string): Promise<VendorOutcome> {
    return this.vendors.decide(vendorId);
  }

  @Get(':id')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiRoute({ summary: "A vendor's standing: sample conversions, leads by status, decision", ok: VendorViewDto })
  view(@Param('id') vendorId: string) {
    return this.vendors.view(vendorId);
  }
}
