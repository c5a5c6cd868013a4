import { Controller, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Idempotent, Roles } from '@leadline/platform';
import { LeadIntakeErrorFilter } from '../shared/lead-intake-error.filter';
import { ErasePersonHandler } from './erase-person.handler';

export class ErasureResponseDto {
  @ApiProperty() leadId!: string;
  @ApiProperty({ format: 'date-time' }) erasedAt!: string;
  @ApiProperty({ description: 'False when the person had been erased before (the request is idempotent)' }) erasedNow!: boolean;
}

@ApiTags('leads')
@Controller('leads')
@UseFilters(LeadIntakeErrorFilter)
export class ErasePersonController {
  constructor(private readonly handler: ErasePersonHandler) {}

  @Post(':id/erasure')
  @Roles('admin')
  @HttpCode(200)
  @Idempotent()
  @ApiOperation({
    summary: 'Erase the person behind a lead (GDPR/CCPA): destroys their data key, scrubs read models, records PersonErased',
    description:
      'Names, email, phone and free-form attributes of every capture of the lead read as erased from then on, in the store and on Kafka; ' +
      'stages, counts and metrics stay. Idempotent. The same person captured again later is a new lead.',
  })
  @ApiOkResponse({ type: ErasureResponseDto })
  @ApiNotFoundResponse()
  erase(@Param('id') id: string): Promise<ErasureResponseDto> {
    return this.handler.erase(id);
  }
}
