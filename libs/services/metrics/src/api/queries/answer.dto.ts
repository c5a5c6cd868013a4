import { ApiProperty } from '@nestjs/swagger';

/** The window every answer echoes. */
export class WindowAnswerDto {
  @ApiProperty({ description: 'Facts at or before this moment counted' }) asOf!: string;
  @ApiProperty({ description: 'Window start (inclusive)' }) from!: string;
  @ApiProperty({ description: 'Window end (exclusive)' }) to!: string;
}
