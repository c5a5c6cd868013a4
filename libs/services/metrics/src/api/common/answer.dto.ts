import { ApiProperty } from '@nestjs/swagger';
import { PERIODS } from '../../read-models';

/** The moments every answer echoes: pass both to ask the same question again and get the same answer. */
export class ScopeAnswerDto {
  @ApiProperty({ example: '2026-12-04T12:00:00.000Z', description: 'Facts that happened at or before this moment counted' }) asOf!: string;
  @ApiProperty({
    example: '2026-12-04T12:00:00.000Z',
    description: 'Facts recorded at or before this moment counted (the database clock when not asked for)',
  })
  knownAt!: string;
}

/** The window every windowed answer echoes. */
export class WindowAnswerDto extends ScopeAnswerDto {
  @ApiProperty({ example: '2026-11-01T00:00:00.000Z', description: 'Window start (inclusive)' }) from!: string;
  @ApiProperty({ example: '2026-12-01T00:00:00.000Z', description: 'Window end (exclusive)' }) to!: string;
}

/** The answer of a metric counted per bucket. */
export class PeriodAnswerDto extends WindowAnswerDto {
  @ApiProperty({ enum: PERIODS }) period!: string;
}

/** One page of a list. */
export class PageAnswerDto extends WindowAnswerDto {
  @ApiProperty({ example: 128, description: 'Rows matching the filters (all pages)' }) total!: number;
  @ApiProperty({ example: 50 }) limit!: number;
  @ApiProperty({ example: 0 }) offset!: number;
}

/** One page of a list as of a moment (no window). */
export class ListAnswerDto extends ScopeAnswerDto {
  @ApiProperty({ example: 128, description: 'Rows matching the filters (all pages)' }) total!: number;
  @ApiProperty({ example: 50 }) limit!: number;
  @ApiProperty({ example: 0 }) offset!: number;
}
