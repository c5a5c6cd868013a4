import { BadRequestException, Body, Controller, HttpCode, Post, UseFilters } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { IcpModel, LeadPreview } from '@leadline/domain';
import { ApiDomainErrors, ApiRoute, Roles } from '@leadline/platform';
import { PolicyLabErrorFilter } from '../shared/policy-lab-error.filter';
import { LabApiService, validModels, validPolicies, type ReportAnswer } from './lab-api.service';
import { PreviewAnswerDto, ReportAnswerDto, TrainedModelAnswerDto } from './lab-answer.dto';
import { CapacityDto, PreviewDto, TrainDto } from './lab.dto';

/** Preview, training and capacity planning on the recorded history: each answers and writes nothing. */
@ApiTags('policy-lab')
@Controller('lab')
@UseFilters(PolicyLabErrorFilter)
@ApiDomainErrors(PolicyLabErrorFilter)
export class PlanningController {
  constructor(private readonly lab: LabApiService) {}

  @Post('preview')
  @Roles('sales-ops', 'manager')
  @HttpCode(200)
  @ApiRoute({
    summary: 'One lead, recorded or hypothetical, through a model and a policy at a moment (writes nothing)',
    description: 'The score and grade with reasons, and the SDR it would get (explained) or why it would wait.',
    ok: PreviewAnswerDto,
    errors: [400],
  })
  preview(@Body() dto: PreviewDto): Promise<LeadPreview> {
    if ((dto.leadId === undefined) === (dto.lead === undefined))
      throw new BadRequestException('give either leadId (a recorded lead) or lead (a hypothetical one)');
    const [model] = dto.model ? validModels([dto.model], 'model') : [];
    const [policy] = dto.policy ? validPolicies([dto.policy], 'policy') : [];
    const at = new Date(dto.at).toISOString();
    return this.lab.preview(dto.leadId !== undefined ? { leadId: dto.leadId } : { lead: { ...dto.lead! } }, at, model, policy);
  }

  @Post('train')
  @Roles('sales-ops')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Learn a scoring model from the recorded outcomes, as a new ICP model version',
    ok: TrainedModelAnswerDto,
    errors: [400],
  })
  train(@Body() dto: TrainDto): Promise<ReportAnswer & { model: IcpModel }> {
    return this.lab.train({
      target: dto.target,
      modelId: dto.modelId,
      version: dto.version,
      seed: dto.seed,
      settledBefore: dto.settledBefore,
    });
  }

  @Post('capacity')
  @Roles('sales-ops', 'manager')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Plan inbound SDR shifts for the first-touch SLA, and judge today’s roster under growth',
    ok: ReportAnswerDto,
    errors: [400],
  })
  @ApiBody({
    type: CapacityDto,
    examples: { 'growth by a quarter and a half': { value: { handlingMinutes: 10, growthPercent: [0, 25, 50] } } },
  })
  capacity(@Body() dto: CapacityDto): Promise<ReportAnswer> {
    return this.lab.capacity({
      handlingMinutes: dto.handlingMinutes,
      growth: dto.growthPercent.map((g) => g / 100),
      target: dto.target,
      seed: dto.seed,
      weeks: dto.weeks,
      perHour: dto.perHour,
    });
  }
}
