import { Body, Controller, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { LeadIntakeErrorFilter } from '../shared/lead-intake-error.filter';
import { UnmergeDuplicateHandler } from './unmerge-duplicate.handler';
import { Idempotent, Roles } from '@leadline/platform';

export class UnmergeDuplicateDto {
  @ApiProperty({ example: 'Different person at the same company' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

export class UnmergeDuplicateResponseDto {
  @ApiProperty() leadId!: string;
  @ApiProperty({ description: 'The lead the capture became' }) newLeadId!: string;
}

@ApiTags('leads')
@Controller('leads')
@UseFilters(LeadIntakeErrorFilter)
export class UnmergeDuplicateController {
  constructor(private readonly handler: UnmergeDuplicateHandler) {}

  @Post(':id/duplicates/:captureId/unmerge')
  @Roles('sales-ops')
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: 'Reverse a duplicate merge: the capture becomes a lead of its own' })
  @ApiOkResponse({ type: UnmergeDuplicateResponseDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The capture is not a merged duplicate of this lead' })
  unmerge(@Param('id') id: string, @Param('captureId') captureId: string, @Body() body: UnmergeDuplicateDto) {
    return this.handler.unmerge(id, captureId, body.reason);
  }
}
