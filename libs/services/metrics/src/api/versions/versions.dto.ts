import { ApiProperty } from '@nestjs/swagger';

export class MetricsVersionDto {
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['building', 'live', 'retired'] }) status!: string;
  @ApiProperty({ example: 'metrics_v3' }) schema!: string;
  @ApiProperty({ description: 'Shape of the read models it was built from' }) fingerprint!: string;
  @ApiProperty({ description: 'Built from the read models of the running code' }) current!: boolean;
  @ApiProperty({ type: [String] }) readModels!: string[];
  @ApiProperty({ description: 'Log events applied so far' }) eventsApplied!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Committed log events not yet applied (the lag); null once retired' })
  eventsBehind!: number | null;
  @ApiProperty({ description: 'The last applied event, `<transaction id>/<position>`' }) checkpoint!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) switchedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) retiredAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'When its schema was dropped' }) droppedAt!: string | null;
}

export class MetricsVersionsDto {
  @ApiProperty({ type: Number, nullable: true, description: 'The version analysts and the API read (views metrics.*)' }) live!:
    number | null;
  @ApiProperty({ description: 'Events in the global log' }) logEvents!: number;
  @ApiProperty({ type: [MetricsVersionDto], description: 'Oldest first' }) versions!: MetricsVersionDto[];
}

export class RebuildStartedDto {
  @ApiProperty({ description: 'The version being built from position zero' }) version!: number;
  @ApiProperty({ enum: ['building'] }) status!: 'building';
  @ApiProperty({ description: 'Where to follow it: the version goes live (views switch atomically) once caught up' }) statusUrl!: string;
}
