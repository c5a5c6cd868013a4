import { ApiProperty } from '@nestjs/swagger';
import { PeriodAnswerDto, WindowAnswerDto } from '../common/answer.dto';
import { idFilter, oneOf, PeriodQueryDto, TEAMS, WindowQueryDto, type Team } from '../common/query.dto';

export class SdrStatsQueryDto extends PeriodQueryDto {
  @idFilter('sdrId') sdrId?: string;
  @oneOf(TEAMS) team?: Team;
}

export class SdrStatsRowDto {
  @ApiProperty({ example: '2026-03-02' }) bucket!: string;
  @ApiProperty({ example: 'sdr-ana' }) sdrId!: string;
  @ApiProperty({ example: 'Ana Silva', type: String, nullable: true }) name!: string | null;
  @ApiProperty({ example: 'inbound', type: String, nullable: true }) team!: string | null;
  @ApiProperty({ example: 95 }) leadsAssigned!: number;
  @ApiProperty({ example: 120 }) calls!: number;
  @ApiProperty({ example: 70 }) emails!: number;
  @ApiProperty({ example: 10 }) social!: number;
  @ApiProperty({ example: 42 }) activities!: number;
  @ApiProperty({ example: 64, description: 'Activities in which the SDR spoke with the prospect' }) conversations!: number;
  @ApiProperty({ example: 0.63, type: Number, nullable: true, description: 'conversations / activities' }) contactRate!: number | null;
  @ApiProperty({ example: 110 }) qualified!: number;
  @ApiProperty({ example: 30 }) disqualified!: number;
  @ApiProperty({ example: 5 }) appointmentsSet!: number;
}

export class SdrStatsDto extends PeriodAnswerDto {
  @ApiProperty({ type: [SdrStatsRowDto] }) rows!: SdrStatsRowDto[];
}

export class AeStatsQueryDto extends WindowQueryDto {
  @idFilter('aeId') aeId?: string;
}

export class AeStatsRowDto {
  @ApiProperty({ example: 'ae-maria' }) aeId!: string;
  @ApiProperty({ example: 'Ana Silva', type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['demo-guru', 'hunter'] }) role!: string | null;
  @ApiProperty({ example: 9 }) appointmentsBooked!: number;
  @ApiProperty({ example: 8 }) appointmentsHeld!: number;
  @ApiProperty({ example: 1 }) noShows!: number;
  @ApiProperty({ example: 1 }) cancelled!: number;
  @ApiProperty({ example: 0.89, type: Number, nullable: true, description: 'held / booked (low: sandbagging)' }) performRate!:
    number | null;
  @ApiProperty({ example: 8 }) demos!: number;
  @ApiProperty({ example: 5 }) movedForward!: number;
  @ApiProperty({ example: 0.6, type: Number, nullable: true }) moveForwardRate!: number | null;
  @ApiProperty({ example: 37, description: 'Open deals owned as of asOf' }) openDeals!: number;
  @ApiProperty({ example: 12 }) opportunitiesReceived!: number;
  @ApiProperty({ example: 6 }) won!: number;
  @ApiProperty({ example: 4 }) lost!: number;
  @ApiProperty({ example: 0.24, type: Number, nullable: true, description: 'won / opportunities received' }) closeRate!: number | null;
  @ApiProperty({ example: 0.35, type: Number, nullable: true }) dealFailureRate!: number | null;
  @ApiProperty({ example: 31000, type: Number, nullable: true }) avgDealSize!: number | null;
  @ApiProperty({ example: 0.58, type: Number, nullable: true }) avgMargin!: number | null;
  @ApiProperty({ example: 41, type: Number, nullable: true, description: 'Capture to won, days' }) avgSalesCycleDays!: number | null;
  @ApiProperty({ example: 34, type: Number, nullable: true, description: 'Opportunity opened to won, days' }) avgDealCycleDays!:
    number | null;
}

export class SalesEngineerStatsRowDto {
  @ApiProperty({ example: 'se-tom' }) seId!: string;
  @ApiProperty({ example: 'Ana Silva', type: String, nullable: true }) name!: string | null;
  @ApiProperty({ example: 24 }) opportunities!: number;
  @ApiProperty({ example: 6 }) won!: number;
  @ApiProperty({ example: 4 }) lost!: number;
  @ApiProperty({ example: 0.24 }) closeRate!: number;
}

export class AeStatsDto extends WindowAnswerDto {
  @ApiProperty({ type: [AeStatsRowDto] }) rows!: AeStatsRowDto[];
  @ApiProperty({ type: [SalesEngineerStatsRowDto], description: 'Close rate per sales engineer on the deals they joined' })
  salesEngineers!: SalesEngineerStatsRowDto[];
}
