import { ApiProperty } from '@nestjs/swagger';
import { PERIODS } from '../../read-models';

/** The moments every answer echoes: pass both to ask the same question again and get the same answer. */
export class ScopeAnswerDto {
  @ApiProperty({ description: 'Facts that happened at or before this moment counted' }) asOf!: string;
  @ApiProperty({ description: 'Facts recorded at or before this moment counted (the database clock when not asked for)' })
  knownAt!: string;
}

/** The window every windowed answer echoes. */
export class WindowAnswerDto extends ScopeAnswerDto {
  @ApiProperty({ description: 'Window start (inclusive)' }) from!: string;
  @ApiProperty({ description: 'Window end (exclusive)' }) to!: string;
}

/** The answer of a metric counted per bucket. */
export class PeriodAnswerDto extends WindowAnswerDto {
  @ApiProperty({ enum: PERIODS }) period!: string;
}

/** One page of a list. */
export class PageAnswerDto extends WindowAnswerDto {
  @ApiProperty({ description: 'Rows matching the filters (all pages)' }) total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

/** One page of a list as of a moment (no window). */
export class ListAnswerDto extends ScopeAnswerDto {
  @ApiProperty({ description: 'Rows matching the filters (all pages)' }) total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
