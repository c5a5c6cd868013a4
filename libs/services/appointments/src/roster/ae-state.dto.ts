import { ApiProperty, OmitType } from '@nestjs/swagger';
import { AeTimeOffDto, RegisterAeDto } from './ae.dto';

/** An AE's profile as stored (caps, industries and active filled in). */
export class AeProfileDto extends OmitType(RegisterAeDto, ['aeId'] as const) {}

/** An AE after a roster command. */
export class AeStateDto {
  @ApiProperty({ enum: ['registered'] }) readonly status!: 'registered';
  @ApiProperty({ example: 'ae-maria' }) readonly aeId!: string;
  @ApiProperty({ type: AeProfileDto }) readonly profile!: AeProfileDto;
  @ApiProperty({ type: [AeTimeOffDto] }) readonly timeOff!: readonly AeTimeOffDto[];
}

/** An AE on the roster with month-to-date credits and open deals. */
export class AeRosterEntryDto extends OmitType(AeStateDto, ['status'] as const) {
  @ApiProperty({ example: 37 }) readonly openDeals!: number;
  @ApiProperty({ example: 4, description: 'First appointments (AEs) or attachments (SEs) credited this calendar month.' })
  readonly monthToDate!: number;
  @ApiProperty({ type: String, nullable: true, example: '2026-12-01T08:00:00.000Z' }) readonly updatedAt!: string | null;
}
