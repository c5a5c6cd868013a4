import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsString, Matches, MaxLength } from 'class-validator';

export class ReceiveListDto {
  @ApiProperty({ example: 'list-2026-03' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/)
  listId!: string;

  @ApiProperty({
    description: "The list's lead ids, as captured by lead-intake (source purchased-list)",
    example: ['0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10'],
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(200_000)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  leadIds!: string[];
}
