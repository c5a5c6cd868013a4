import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ShadowCandidate } from '@leadline/domain';
import { ApiDomainErrors, ApiRoute, Idempotent, Roles } from '@leadline/platform';
import { PolicyLabErrorFilter } from '../shared/policy-lab-error.filter';
import { ReportAnswerDto } from '../api/lab-answer.dto';
import type { ReportAnswer } from '../api/lab-api.service';
import { ShadowCandidatesHandler } from './shadow-candidates.handler';
import { ShadowComparisonService } from './shadow-comparison.service';
import type { ShadowCandidateRow } from './shadow-candidates.repository';
import { DropShadowDto, RegisterShadowDto, ShadowCandidateDto } from './shadows.dto';

/** Shadow candidates: registered to run beside the line (recording, never acting), then promoted or dropped. */
@ApiTags('policy-lab')
@Controller('lab/shadows')
@UseFilters(PolicyLabErrorFilter)
@ApiDomainErrors(PolicyLabErrorFilter)
export class ShadowsController {
  constructor(
    private readonly shadows: ShadowCandidatesHandler,
    private readonly comparison: ShadowComparisonService,
  ) {}

  @Post()
  @Roles('sales-ops')
  @Idempotent()
  @HttpCode(201)
  @ApiRoute({
    summary: 'Register a candidate scoring model or routing policy to run in shadow beside the line',
    ok: ShadowCandidateDto,
    status: 201,
    errors: [400],
  })
  register(@Body() dto: RegisterShadowDto): Promise<ShadowCandidateRow> {
    const given = dto.kind === 'scoring' ? dto.model : dto.policy;
    if (!given || (dto.kind === 'scoring' ? dto.policy : dto.model))
      throw new BadRequestException(`a ${dto.kind} candidate takes ${dto.kind === 'scoring' ? 'a model' : 'a policy'} (and only that)`);
    const candidate = (dto.kind === 'scoring' ? { kind: 'scoring', model: given } : { kind: 'routing', policy: given }) as ShadowCandidate;
    return this.shadows.register(dto.candidateId, candidate, dto.note ?? null);
  }

  @Get()
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiRoute({ summary: 'Every shadow candidate with its status', ok: [ShadowCandidateDto] })
  list(): Promise<ShadowCandidateRow[]> {
    return this.shadows.list();
  }

  @Post(':id/drop')
  @Roles('sales-ops')
  @Idempotent()
  @HttpCode(200)
  @ApiRoute({
    summary: 'Drop a shadow candidate: it stops shadowing, recorded as ShadowCandidateDropped',
    ok: ShadowCandidateDto,
    errors: [400],
  })
  drop(@Param('id') id: string, @Body() dto: DropShadowDto): Promise<ShadowCandidateRow> {
    return this.shadows.drop(id, dto.reason);
  }

  @Get(':id/comparison')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiRoute({
    summary: 'How a shadow candidate compares with the line: agreement rate, where and why they differ, outcomes of the disagreements',
    ok: ReportAnswerDto,
  })
  compare(@Param('id') id: string): Promise<ReportAnswer> {
    return this.comparison.compare(id);
  }

  @Post(':id/promote')
  @Roles('sales-ops')
  @Idempotent()
  @HttpCode(200)
  @ApiRoute({
    summary: 'Promote a shadow candidate: recorded as ShadowCandidatePromoted; scoring activates a model, routing a policy',
    ok: ShadowCandidateDto,
  })
  promote(@Param('id') id: string): Promise<ShadowCandidateRow> {
    return this.shadows.promote(id);
  }
}
