import { ApiProperty } from '@nestjs/swagger';
import { PERIODS } from '../../read-models';

/** The window every answer echoes. */
export class WindowAnswerDto {
  @ApiProperty({ description: 'Facts at or before this moment counted' }) asOf!: string;
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
