import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** What `GET /health` answers. */
export class LivenessDto {
  @ApiProperty({ enum: ['ok'] })
  readonly status!: 'ok';
}

export class DependencyCheckDto {
  @ApiProperty({ enum: ['up', 'down'] })
  readonly status!: 'up' | 'down';

  @ApiPropertyOptional({ example: 'connect ECONNREFUSED 127.0.0.1:9092', description: 'Why the check failed.' })
  readonly error?: string;

  @ApiPropertyOptional({ enum: [false], description: 'False for a check reported but not waited for (Kafka, for lead-intake).' })
  readonly required?: false;
}

/** What `GET /ready` answers (200 when ready, 503 otherwise). */
export class ReadinessDto {
  @ApiProperty({ enum: ['ready', 'unavailable'] })
  readonly status!: 'ready' | 'unavailable';

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', properties: { status: { type: 'string', enum: ['up', 'down'] } } },
    description: 'One check per dependency: `database`, and with Kafka `kafka` and `consumers`.',
    example: { database: { status: 'up' }, kafka: { status: 'up' }, consumers: { status: 'up' } },
  })
  readonly checks!: Readonly<Record<string, DependencyCheckDto>>;
}
