import { ApiProperty } from '@nestjs/swagger';

export class MetricsVersionDto {
  @ApiProperty({ example: 3 }) version!: number;
  @ApiProperty({ enum: ['building', 'live', 'retired'] }) status!: string;
  @ApiProperty({ example: 'metrics_v3' }) schema!: string;
  @ApiProperty({ example: '9c1e7d4a3f2d', description: 'Shape of the read models it was built from' }) fingerprint!: string;
  @ApiProperty({ example: true, description: 'Built from the read models of the running code' }) current!: boolean;
  @ApiProperty({ example: ['lead_funnel', 'speed_to_lead'], type: [String] }) readModels!: string[];
  @ApiProperty({ example: 182340, description: 'Log events applied so far' }) eventsApplied!: number;
  @ApiProperty({
    example: 0,
    type: Number,
    nullable: true,
    description: 'Committed log events not yet applied (the lag); null once retired',
  })
  eventsBehind!: number | null;
  @ApiProperty({ example: '1042', description: 'The last applied event, `<transaction id>/<position>`' }) checkpoint!: string;
  @ApiProperty({ example: '2026-12-01T08:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ example: '2026-12-01T08:10:00.000Z', type: String, nullable: true }) switchedAt!: string | null;
  @ApiProperty({ example: null, type: String, nullable: true }) retiredAt!: string | null;
  @ApiProperty({ example: null, type: String, nullable: true, description: 'When its schema was dropped' }) droppedAt!: string | null;
}

export class MetricsVersionsDto {
  @ApiProperty({ example: 3, type: Number, nullable: true, description: 'The version analysts and the API read (views metrics.*)' }) live!:
    number | null;
  @ApiProperty({ example: 182340, description: 'Events in the global log' }) logEvents!: number;
  @ApiProperty({ type: [MetricsVersionDto], description: 'Oldest first' }) versions!: MetricsVersionDto[];
}

export class RebuildStartedDto {
  @ApiProperty({ example: 3, description: 'The version being built from position zero' }) version!: number;
  @ApiProperty({ enum: ['building'] }) status!: 'building';
  @ApiProperty({
    example: '/metrics/versions',
    description: 'Where to follow it: the version goes live (views switch atomically) once caught up',
  })
  statusUrl!: string;
}
