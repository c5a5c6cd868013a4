import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LeadOverviewDto {
  @ApiProperty({ example: '0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10' }) leadId!: string;
  @ApiProperty({ enum: ['captured', 'enriched', 'scored', 'assigned', 'working', 'qualified', 'disqualified', 'recycled'] })
  stage!: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'inbound-web' }) source!: string | null;
  @ApiPropertyOptional({ type: Boolean, nullable: true, example: true }) inbound!: boolean | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'ada@acme.com' }) email!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Acme Inc.' }) companyName!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'acme.com' }) companyDomain!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'mid-market' }) segment!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'NA' }) territory!: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true, example: 72 }) score!: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, enum: ['A', 'B', 'C', 'F'] }) grade!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The SDR who owns the lead', example: 'sdr-ana' }) ownerSdrId!:
    string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time', example: '2026-12-04T10:05:00.000Z' }) slaDueAt!: string | null;
  @ApiProperty({ enum: ['none', 'pending', 'met', 'breached'], description: 'First-touch SLA of the current owner' })
  slaStatus!: string;
  @ApiProperty({ example: 0 }) slaBreaches!: number;
  @ApiProperty({ description: 'Duplicate captures merged into this lead', example: 1 }) duplicates!: number;
  @ApiProperty({ type: [String], description: 'Fields the capture lacked (flagged incomplete)', example: ['phone'] }) missing!: string[];
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time', example: '2026-12-04T10:00:00.000Z' }) capturedAt!:
    string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'LeadAssigned' }) lastEventType!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    format: 'date-time',
    description: 'When the person was erased (email and names are gone)',
    example: null,
  })
  erasedAt!: string | null;
}

export class JourneyEventDto {
  @ApiProperty({ description: 'Global log position', example: '1042' }) position!: string;
  @ApiProperty({ example: 'LeadCaptured' }) type!: string;
  @ApiProperty({ example: 'lead-0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10' }) streamId!: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-04T10:00:00.000Z' }) recordedAt!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { leadId: '0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10', source: 'inbound-web' },
  })
  data!: unknown;
  @ApiPropertyOptional({ type: String, nullable: true, example: '0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10' }) correlationId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: null }) causationId!: string | null;
}

export class LeadJourneyDto {
  @ApiProperty({ example: '0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10' }) leadId!: string;
  @ApiProperty({ type: [JourneyEventDto] }) events!: JourneyEventDto[];
}
