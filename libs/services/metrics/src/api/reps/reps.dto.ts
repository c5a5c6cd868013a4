import { ApiProperty } from '@nestjs/swagger';
import { PeriodAnswerDto, WindowAnswerDto } from '../common/answer.dto';
import { idFilter, oneOf, PeriodQueryDto, TEAMS, WindowQueryDto, type Team } from '../common/query.dto';

export class SdrStatsQueryDto extends PeriodQueryDto {
  @idFilter('sdrId') sdrId?: string;
  @oneOf(TEAMS) team?: Team;
}

export class SdrStatsRowDto {
  @ApiProperty({ example: '2026-03-02' }) bucket!: string;
  @ApiProperty() sdrId!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: String, nullable: true }) team!: string | null;
  @ApiProperty() leadsAssigned!: number;
  @ApiProperty() calls!: number;
  @ApiProperty() emails!: number;
  @ApiProperty() social!: number;
  @ApiProperty() activities!: number;
  @ApiProperty({ description: 'Activities in which the SDR spoke with the prospect' }) conversations!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'conversations / activities' }) contactRate!: number | null;
  @ApiProperty() qualified!: number;
  @ApiProperty() disqualified!: number;
  @ApiProperty() appointmentsSet!: number;
}

export class SdrStatsDto extends PeriodAnswerDto {
  @ApiProperty({ type: [SdrStatsRowDto] }) rows!: SdrStatsRowDto[];
}

export class AeStatsQueryDto extends WindowQueryDto {
  @idFilter('aeId') aeId?: string;
}

export class AeStatsRowDto {
  @ApiProperty() aeId!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['demo-guru', 'hunter'] }) role!: string | null;
  @ApiProperty() appointmentsBooked!: number;
  @ApiProperty() appointmentsHeld!: number;
  @ApiProperty() noShows!: number;
  @ApiProperty() cancelled!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'held / booked (low: sandbagging)' }) performRate!: number | null;
  @ApiProperty() demos!: number;
  @ApiProperty() movedForward!: number;
  @ApiProperty({ type: Number, nullable: true }) moveForwardRate!: number | null;
  @ApiProperty({ description: 'Open deals owned as of asOf' }) openDeals!: number;
  @ApiProperty() opportunitiesReceived!: number;
  @ApiProperty() won!: number;
  @ApiProperty() lost!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'won / opportunities received' }) closeRate!: number | null;
  @ApiProperty({ type: Number, nullable: true }) dealFailureRate!: number | null;
  @ApiProperty({ type: Number, nullable: true }) avgDealSize!: number | null;
  @ApiProperty({ type: Number, nullable: true }) avgMargin!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Capture to won, days' }) avgSalesCycleDays!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Opportunity opened to won, days' }) avgDealCycleDays!: number | null;
}

export class SalesEngineerStatsRowDto {
  @ApiProperty() seId!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty() opportunities!: number;
  @ApiProperty() won!: number;
  @ApiProperty() lost!: number;
  @ApiProperty() closeRate!: number;
}

export class AeStatsDto extends WindowAnswerDto {
  @ApiProperty({ type: [AeStatsRowDto] }) rows!: AeStatsRowDto[];
  @ApiProperty({ type: [SalesEngineerStatsRowDto], description: 'Close rate per sales engineer on the deals they joined' })
  salesEngineers!: SalesEngineerStatsRowDto[];
}
