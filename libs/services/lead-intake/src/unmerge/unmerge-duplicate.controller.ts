import { Body, Controller, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { LeadIntakeErrorFilter } from '../shared/lead-intake-error.filter';
import { UnmergeDuplicateHandler } from './unmerge-duplicate.handler';
import { ApiDomainErrors, ApiRoute, Idempotent, Roles } from '@leadline/platform';

export class UnmergeDuplicateDto {
  @ApiProperty({ example: 'Different person at the same company' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

export class UnmergeDuplicateResponseDto {
  @ApiProperty({ example: '0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10' }) leadId!: string;
  @ApiProperty({ description: 'The lead the capture became', example: '5c2e7a90-1f3b-4d8e-b6a2-9e0d4c7f1b23' }) newLeadId!: string;
}

@ApiTags('leads')
@Controller('leads')
@UseFilters(LeadIntakeErrorFilter)
@ApiDomainErrors(LeadIntakeErrorFilter)
export class UnmergeDuplicateController {
  constructor(private readonly handler: UnmergeDuplicateHandler) {}

  @Post(':id/duplicates/:captureId/unmerge')
  @Roles('sales-ops')
  @Idempotent()
  @HttpCode(200)
  @ApiRoute({
    summary: 'Reverse a duplicate merge: the capture becomes a lead of its own',
    ok: UnmergeDuplicateResponseDto,
    errors: [400, [409, '`capture-not-merged`: the capture is not a merged duplicate of this lead.']],
  })
  unmerge(@Param('id') id: string, @Param('captureId') captureId: string, @Body() body: UnmergeDuplicateDto) {
    return this.handler.unmerge(id, captureId, body.reason);
  }
}
