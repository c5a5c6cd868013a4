import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsString, MaxLength, MinLength } from 'class-validator';

export class NurtureProspectDto {
  @ApiProperty({ example: 'hunter-1', description: 'The account executive who gets the prospect back' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  originalAeId!: string;

  @ApiProperty({ example: '2026-12-01', description: 'No later than one year out' })
  @IsISO8601({ strict: true })
  returnBy!: string;

  @ApiProperty({ example: 'budget frozen until next fiscal year' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;
}
