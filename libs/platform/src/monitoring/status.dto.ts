import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { IntakeBacklogStatus } from '../http/admission/intake-backlog';
import type { ConsumerGroupStatus, LagStatus, PartitionStatus, Position, ProcessorLagStatus } from './lag-report';

export class LogPositionDto implements Position {
  @ApiProperty({ example: '7422', description: 'Transaction id of the global log position (xid8).' })
  transactionId!: string;
  @ApiProperty({ example: '1840', description: 'Global position within it.' })
  position!: string;
}

export class ProcessorStatusDto implements ProcessorLagStatus {
  @ApiProperty({ example: 'subscription:enrichment.lead-captured', description: 'Processor id (its checkpoint row).' })
  name!: string;
  @ApiProperty({ example: true, description: 'This process holds its lock (false: it stands by for another instance).' })
  active!: boolean;
  @ApiProperty({ type: LogPositionDto, description: 'Its stored checkpoint.' })
  checkpoint!: LogPositionDto;
  @ApiProperty({ type: LogPositionDto, nullable: true, description: 'The newest event of its categories and types; null while none.' })
  head!: LogPositionDto | null;
  @ApiProperty({ example: 0, description: 'Events of its categories and types after the checkpoint.' })
  lagEvents!: number;
  @ApiProperty({ example: 0, description: 'Age in seconds of the oldest of them (0 when none).' })
  lagSeconds!: number;
  @ApiPropertyOptional({ example: 'connection terminated', description: 'Its last error, while it retries.' })
  lastError?: string;
}

export class PartitionStatusDto implements PartitionStatus {
  @ApiProperty({ example: 'leadline.lead' })
  topic!: string;
  @ApiProperty({ example: 0 })
  partition!: number;
  @ApiProperty({ type: String, example: '118', nullable: true, description: 'The group committed offset; null before its first commit.' })
  committedOffset!: string | null;
  @ApiProperty({ example: '118', description: 'The partition high watermark.' })
  endOffset!: string;
  @ApiProperty({ example: 0 })
  lagEvents!: number;
}

export class ConsumerGroupStatusDto implements ConsumerGroupStatus {
  @ApiProperty({ example: 'leadline.enrichment.lead-captured' })
  groupId!: string;
  @ApiProperty({ example: true, description: 'This process has a consumer in the group.' })
  member!: boolean;
  @ApiProperty({ type: [PartitionStatusDto] })
  partitions!: PartitionStatusDto[];
  @ApiProperty({ example: 0, description: 'Records the group has yet to read, all partitions.' })
  lagEvents!: number;
  @ApiProperty({ example: 0, description: 'Age in seconds of the oldest record it has yet to handle, largest partition.' })
  lagSeconds!: number;
  @ApiProperty({ example: 0, description: 'Records this process sent to the group dead-letter topic since it started.' })
  deadLettered!: number;
  @ApiPropertyOptional({ example: 'Connection timeout', description: 'Why the figures are missing (Kafka did not answer).' })
  error?: string;
}

export class IntakeBacklogStatusDto implements IntakeBacklogStatus {
  @ApiProperty({ type: Number, example: 30, nullable: true, description: 'INTAKE_MAX_BACKLOG_SECONDS; null when off.' })
  maxBacklogSeconds!: number | null;
  @ApiProperty({
    type: Number,
    example: 0.2,
    nullable: true,
    description: 'Age in seconds of the oldest event the reactions have yet to handle, at the last sample; null before the first.',
  })
  backlogSeconds!: number | null;
  @ApiProperty({ example: 0, description: 'Intake requests (POST /leads, POST /lists) answered 503 for the backlog since start.' })
  refused!: number;
}

export class StatusDto implements LagStatus {
  @ApiProperty({ type: [ProcessorStatusDto] })
  processors!: ProcessorStatusDto[];
  @ApiProperty({ type: [ConsumerGroupStatusDto], description: 'Empty in embedded mode (no Kafka).' })
  consumerGroups!: ConsumerGroupStatusDto[];
  @ApiProperty({ type: IntakeBacklogStatusDto, description: 'The intake backlog bound (docs/operations.md "Backpressure").' })
  intake!: IntakeBacklogStatusDto;
}
