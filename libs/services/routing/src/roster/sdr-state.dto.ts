import { ApiProperty, OmitType } from '@nestjs/swagger';
import { RegisterSdrDto, TimeOffDto } from './sdr.dto';

/** An SDR's profile as stored (weekly capacity and active filled in). */
export class SdrProfileDto extends OmitType(RegisterSdrDto, ['sdrId'] as const) {}

/** An SDR after a roster command. */
export class SdrStateDto {
  @ApiProperty({ enum: ['registered'] })
  readonly status!: 'registered';

  @ApiProperty({ example: 'sdr-ana' })
  readonly sdrId!: string;

  @ApiProperty({ type: SdrProfileDto })
  readonly profile!: SdrProfileDto;

  @ApiProperty({ type: [TimeOffDto] })
  readonly timeOff!: readonly TimeOffDto[];
}

/** An SDR on the roster with their load. */
export class RosterEntryDto extends OmitType(SdrStateDto, ['status'] as const) {
  @ApiProperty({ example: 12, description: 'Leads they own that are not closed.' })
  readonly openLeads!: number;

  @ApiProperty({ example: 31 })
  readonly assignedThisWeek!: number;

  @ApiProperty({ type: String, nullable: true, example: '2026-12-04T09:58:00.000Z' })
  readonly lastAssignedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-12-01T08:00:00.000Z' })
  readonly updatedAt!: string | null;
}
