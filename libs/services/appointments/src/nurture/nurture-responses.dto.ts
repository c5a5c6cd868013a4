import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const LEAD = '0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10';
const time = (example: string | null) => ({ type: String, nullable: true, example });

/** The lead's nurture after a command: nurtured (with whom and until when), returned to its AE, or recycled. */
export class NurtureStateDto {
  @ApiProperty({ enum: ['nurtured', 'returned', 'recycled'] }) readonly status!: string;
  @ApiProperty({ example: LEAD }) readonly leadId!: string;
  @ApiPropertyOptional({ example: 'hunter-1', description: 'nurtured: the AE who gets the prospect back.' }) readonly originalAeId?: string;
  @ApiPropertyOptional({ example: '2027-06-01', description: 'nurtured: back no later than this.' }) readonly returnBy?: string;
  @ApiPropertyOptional({ example: '2026-12-04T12:00:00.000Z', description: 'nurtured.' }) readonly nurturedAt?: string;
  @ApiPropertyOptional({ example: 'hunter-1', description: 'returned: the AE it went back to.' }) readonly aeId?: string;
  @ApiPropertyOptional({ example: '2027-07-01T00:00:00.000Z', description: 'recycled.' }) readonly availableToOutboundAt?: string;
}

/** A lead in the nurture read model. */
export class NurtureRowDto {
  @ApiProperty({ example: LEAD }) readonly leadId!: string;
  @ApiProperty({ enum: ['nurtured', 'returned', 'recycled'] }) readonly status!: string;
  @ApiProperty({ example: 'hunter-1' }) readonly originalAeId!: string;
  @ApiProperty(time('2027-06-01T00:00:00.000Z')) readonly returnBy!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'budget frozen until next fiscal year' }) readonly reason!: string | null;
  @ApiProperty(time('2026-12-04T12:00:00.000Z')) readonly nurturedAt!: string | null;
  @ApiProperty(time(null)) readonly returnedAt!: string | null;
  @ApiProperty(time(null)) readonly recycledAt!: string | null;
  @ApiProperty(time(null)) readonly availableToOutboundAt!: string | null;
}
