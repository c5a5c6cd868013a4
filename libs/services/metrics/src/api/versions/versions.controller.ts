import { BadRequestException, ConflictException, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { MetricsRunner } from '../../engine/metrics-runner';
import type { MetricsVersionStatus } from '../../engine/metrics-status';
import { isoTime } from '@leadline/event-store';
import { MetricsVersionsDto, RebuildStartedDto, type MetricsVersionDto } from './versions.dto';
import { Idempotent, Roles } from '@leadline/platform';

@ApiTags('metrics: versions')
@Controller('metrics')
export class VersionsController {
  constructor(private readonly runner: MetricsRunner) {}

  @Get('versions')
  @Roles('sales-ops', 'analyst')
  @ApiOperation({ summary: 'Projection versions: which one is live, which are building or retired, and how far each is behind the log' })
  @ApiOkResponse({ type: MetricsVersionsDto })
  async versions(): Promise<MetricsVersionsDto> {
    const status = await this.runner.status();
    return { live: status.live, logEvents: status.logEvents, versions: status.versions.map((v) => this.version(v)) };
  }

  @Post('rebuild')
  @Roles('admin')
  @Idempotent()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Rebuild every read model (or those named in `model`) from position zero into a new version, in this process',
    description:
      'Answers at once; the new version is projected beside the live one and the views switch to it atomically once it has caught up (follow it on GET /metrics/versions).',
  })
  @ApiAcceptedResponse({ type: RebuildStartedDto })
  @ApiConflictResponse({ description: 'A version of the same read models is already building' })
  @ApiQuery({
    name: 'model',
    required: false,
    description: 'Rebuild only these read models (comma-separated names); the others are copied from the live version',
  })
  async rebuild(@Query('model') model?: string): Promise<RebuildStartedDto> {
    const building = (await this.runner.status()).versions.find(
      (v) => v.status === 'building' && v.fingerprint === this.runner.fingerprint,
    );
    if (building)
      throw new ConflictException(
        `metrics version ${building.version} is already being rebuilt (${building.eventsApplied} events applied); follow it on GET /metrics/versions`,
      );
    const only = model
      ?.split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    const version = await this.runner.startRebuild({ only }).catch((error: unknown) => {
      if (error instanceof Error && /Unknown read model|no live metrics version|other tables/.test(error.message))
        throw new BadRequestException(error.message);
      throw error;
    });
    return { version, status: 'building', statusUrl: '/metrics/versions' };
  }

  private version(v: MetricsVersionStatus): MetricsVersionDto {
    return {
      version: v.version,
      status: v.status,
      schema: v.schema,
      fingerprint: v.fingerprint,
      current: v.fingerprint === this.runner.fingerprint,
      readModels: [...v.readModels],
      eventsApplied: v.eventsApplied,
      eventsBehind: v.eventsBehind,
      checkpoint: `${v.checkpoint.transactionId}/${v.checkpoint.position}`,
      createdAt: v.createdAt.toISOString(),
      switchedAt: isoTime(v.switchedAt),
      retiredAt: isoTime(v.retiredAt),
      droppedAt: isoTime(v.droppedAt),
    };
  }
}
