import { ApiProperty } from '@nestjs/swagger';
import { ArrayNotEmpty, IsArray, IsInt, Matches, Max, Min } from 'class-validator';

/** A wall-clock time HH:MM (24:00 ends a day). */
export const CLOCK_TIME = /^([01]\d|2[0-4]):[0-5]\d$/;

/** When a rep works, on their own wall clock: the SDR and AE rosters take the same shape. */
export class WorkingHoursDto {
  @ApiProperty({ type: [Number], example: [1, 2, 3, 4, 5], description: 'ISO weekdays, 1 = Monday' })
  @IsArray()
  @ArrayNotEmpty()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  days!: number[];

  @ApiProperty({ example: '09:00' }) @Matches(CLOCK_TIME, { message: 'start must be HH:MM' }) start!: string;
  @ApiProperty({ example: '17:00' }) @Matches(CLOCK_TIME, { message: 'end must be HH:MM' }) end!: string;
}
