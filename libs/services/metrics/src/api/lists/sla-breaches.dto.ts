import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { idFilter, oneOf, PageQueryDto, TEAMS, type Team } from '../queries/metrics-query.dto';

export class SlaBreachesQueryDto extends PageQueryDto {
  @idFilter('sdrId', 'Only breaches of this SDR') sdrId?: string;
  @oneOf(TEAMS, 'Only leads routed to this team') team?: Team;
}

export class SlaBreachDto {
  @ApiProperty() eventId!: string;
  @ApiProperty() leadId!: string;
  @ApiProperty() sdrId!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) sdrName!: string | null;
  @ApiProperty({ description: 'The first-touch deadline' }) slaDueAt!: string;
  @ApiProperty() breachedAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) capturedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) source!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) segment!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The team the lead was routed to' }) team!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The eventual first touch, if it happened by asOf' }) firstTouchAt!:
    string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) firstTouchSdrId!: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Capture to first touch, seconds (by asOf)' }) latencySeconds!:
    number | null;
}

export class SlaBreachesDto {
  @ApiProperty() asOf!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ description: 'Breaches matching the filters (all pages)' }) total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
  @ApiProperty({ type: [SlaBreachDto], description: 'Newest first' }) rows!: SlaBreachDto[];
}
