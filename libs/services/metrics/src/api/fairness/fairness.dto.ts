import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { WindowAnswerDto } from '../common/answer.dto';
import { WindowQueryDto } from '../common/query.dto';

export class FairnessQueryDto extends WindowQueryDto {
  @ApiPropertyOptional({
    description: 'Only this peer group (as answered in `groups[].peerGroup`); the roster figures stay',
    example: 'demo-guru|smb|Europe/Berlin|1,2,3,4,5|09:00|17:00',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  peerGroup?: string;
}

export class SetAsideDto {
  @ApiProperty({ example: 7, description: 'Credits of the month' }) credited!: number;
  @ApiProperty({ enum: ['inactive', 'joined', 'on-leave'], description: 'Why not equally available in the month' }) reason!: string;
}

class FairnessFiguresDto {
  @ApiProperty({ example: '2026-03' }) month!: string;
  @ApiProperty({ example: 6, description: 'AEs compared' }) aes!: number;
  @ApiProperty({ example: 40 }) booked!: number;
  @ApiProperty({ example: 7, description: 'First-appointment credits (following reschedules, lost on no-shows and cancellations)' })
  credited!: number;
  @ApiProperty({ example: 6, type: Number, nullable: true }) minCredited!: number | null;
  @ApiProperty({ example: 8, type: Number, nullable: true }) maxCredited!: number | null;
  @ApiProperty({ example: 2, type: Number, nullable: true, description: 'max − min' }) spread!: number | null;
  @ApiProperty({ example: 0.97, type: Number, nullable: true, description: "Jain's index: 1 when equal, 1/n when one AE has all" })
  jainIndex!: number | null;
  @ApiProperty({ example: 1, description: 'Bookings where the prospect’s choice overrode equality' }) equalityTraded!: number;
  @ApiProperty({
    example: 0,
    description: 'Hand-overs (reschedule or reassign with an explicit AE) that broke strict equality by a recorded, allowed override',
  })
  overrides!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { a1: 3, a2: 3 } }) creditedByAe!: Record<
    string,
    number
  >;
}

export class FairnessGroupDto extends FairnessFiguresDto {
  @ApiProperty({
    example: 'demo-guru/mid-market',
    type: String,
    nullable: true,
    description: "The booking policy's peer group: role|segments|time zone|working days|start|end (null: AEs without a full profile)",
  })
  peerGroup!: string | null;
  @ApiProperty({
    example: { credited: 1 },
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/SetAsideDto' },
    description: 'Members not equally available in the month, outside the figures',
  })
  setAside!: Record<string, SetAsideDto>;
}

export class FairnessDto extends WindowAnswerDto {
  @ApiProperty({
    type: [FairnessGroupDto],
    description: 'Per month and peer group of equally available AEs: where the strict rule applies',
  })
  groups!: FairnessGroupDto[];
  @ApiProperty({
    type: [FairnessFiguresDto],
    description: 'Per month over every member of those groups: the secondary, whole-roster figure',
  })
  roster!: FairnessFiguresDto[];
}
