import { ApiProperty } from '@nestjs/swagger';
import { WindowAnswerDto } from '../common/answer.dto';
import { WindowQueryDto } from '../common/query.dto';

export class FairnessQueryDto extends WindowQueryDto {}

export class FairnessRowDto {
  @ApiProperty({ example: '2026-03' }) month!: string;
  @ApiProperty({ description: 'AEs compared' }) aes!: number;
  @ApiProperty() booked!: number;
  @ApiProperty({ description: 'First-appointment credits (following reschedules, lost on no-shows and cancellations)' }) credited!: number;
  @ApiProperty() minCredited!: number;
  @ApiProperty() maxCredited!: number;
  @ApiProperty({ description: 'max − min' }) spread!: number;
  @ApiProperty({ type: Number, nullable: true, description: "Jain's index: 1 when equal, 1/n when one AE has all" }) jainIndex!:
    number | null;
  @ApiProperty({ description: 'Bookings where the prospect’s choice overrode equality' }) equalityTraded!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { a1: 3, a2: 3 } }) creditedByAe!: Record<
    string,
    number
  >;
}

export class FairnessDto extends WindowAnswerDto {
  @ApiProperty({ type: [FairnessRowDto] }) rows!: FairnessRowDto[];
}
