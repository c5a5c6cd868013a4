import { Controller, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiDomainErrors, ApiRoute, Idempotent, Roles } from '@leadline/platform';
import { LeadIntakeErrorFilter } from '../shared/lead-intake-error.filter';
import { ErasePersonHandler } from './erase-person.handler';

export class ErasureResponseDto {
  @ApiProperty({ example: '0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10' }) leadId!: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-04T11:00:00.000Z' }) erasedAt!: string;
  @ApiProperty({ description: 'False when the person had been erased before (the request is idempotent)', example: true })
  erasedNow!: boolean;
}

@ApiTags('leads')
@Controller('leads')
@UseFilters(LeadIntakeErrorFilter)
@ApiDomainErrors(LeadIntakeErrorFilter)
export class ErasePersonController {
  constructor(private readonly handler: ErasePersonHandler) {}

  @Post(':id/erasure')
  @Roles('admin')
  @HttpCode(200)
  @Idempotent()
  @ApiRoute({
    ok: ErasureResponseDto,
    summary: 'Erase the person behind a lead (GDPR/CCPA): destroys their data key, scrubs read models, records PersonErased',
    description:
      'Names, email, phone and free-form attributes of every capture of the lead read as erased from then on, in the store and on Kafka; ' +
      'stages, counts and metrics stay. Idempotent. The same person captured again later is a new lead.',
  })
  erase(@Param('id') id: string): Promise<ErasureResponseDto> {
    return this.handler.erase(id);
  }
}
