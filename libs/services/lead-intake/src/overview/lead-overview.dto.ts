import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LeadOverviewDto {
  @ApiProperty() leadId!: string;
  @ApiProperty({ enum: ['captured', 'enriched', 'scored', 'assigned', 'working', 'qualified', 'disqualified', 'recycled'] })
  stage!: string;
  @ApiPropertyOptional({ nullable: true }) source!: string | null;
  @ApiPropertyOptional({ nullable: true }) inbound!: boolean | null;
  @ApiPropertyOptional({ nullable: true }) email!: string | null;
  @ApiPropertyOptional({ nullable: true }) companyName!: string | null;
  @ApiPropertyOptional({ nullable: true }) companyDomain!: string | null;
  @ApiPropertyOptional({ nullable: true }) segment!: string | null;
  @ApiPropertyOptional({ nullable: true }) territory!: string | null;
  @ApiPropertyOptional({ nullable: true }) score!: number | null;
  @ApiPropertyOptional({ nullable: true, enum: ['A', 'B', 'C', 'F'] }) grade!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'The SDR who owns the lead' }) ownerSdrId!: string | null;
  @ApiPropertyOptional({ nullable: true, format: 'date-time' }) slaDueAt!: string | null;
  @ApiProperty({ enum: ['none', 'pending', 'met', 'breached'], description: 'First-touch SLA of the current owner' })
  slaStatus!: string;
  @ApiProperty() slaBreaches!: number;
  @ApiProperty({ description: 'Duplicate captures merged into this lead' }) duplicates!: number;
  @ApiProperty({ type: [String], description: 'Fields the capture lacked (flagged incomplete)' }) missing!: string[];
  @ApiPropertyOptional({ nullable: true, format: 'date-time' }) capturedAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) lastEventType!: string | null;
  @ApiPropertyOptional({ nullable: true, format: 'date-time', description: 'When the person was erased (email and names are gone)' })
  erasedAt!: string | null;
}

export class JourneyEventDto {
  @ApiProperty({ description: 'Global log position' }) position!: string;
  @ApiProperty() type!: string;
  @ApiProperty() streamId!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: unknown;
  @ApiPropertyOptional({ nullable: true }) correlationId!: string | null;
  @ApiPropertyOptional({ nullable: true }) causationId!: string | null;
}

export class LeadJourneyDto {
  @ApiProperty() leadId!: string;
  @ApiProperty({ type: [JourneyEventDto] }) events!: JourneyEventDto[];
}
