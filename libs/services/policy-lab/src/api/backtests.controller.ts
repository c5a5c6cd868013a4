import { Body, Controller, HttpCode, Post, UseFilters } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { ACTIVE_ROUTING_POLICY, DEFAULT_ICP_MODEL } from '@leadline/domain';
import { ApiDomainErrors, ApiRoute, Roles } from '@leadline/platform';
import { PolicyLabErrorFilter } from '../shared/policy-lab-error.filter';
import { LabApiService, validModels, validPolicies, type ReportAnswer } from './lab-api.service';
import { ReportAnswerDto } from './lab-answer.dto';
import { RoutingBacktestDto, ScoringBacktestDto } from './lab.dto';

/** Back-tests on the recorded history: read-only, nothing is written (POST because a candidate travels in the body). */
@ApiTags('policy-lab')
@Controller('lab/backtests')
@UseFilters(PolicyLabErrorFilter)
@ApiDomainErrors(PolicyLabErrorFilter)
export class BacktestsController {
  constructor(private readonly lab: LabApiService) {}

  @Post('scoring')
  @Roles('sales-ops')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Back-test candidate ICP models against the active one on the recorded outcomes',
    ok: ReportAnswerDto,
    errors: [400],
  })
  @ApiBody({ type: ScoringBacktestDto, examples: { 'a new version': { value: { candidates: [{ ...DEFAULT_ICP_MODEL, version: 2 }] } } } })
  scoring(@Body() dto: ScoringBacktestDto): Promise<ReportAnswer> {
    return this.lab.scoring(validModels(dto.candidates));
  }

  @Post('routing')
  @Roles('sales-ops')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Replay the active routing policy and candidates over the recorded history',
    description: 'One report per policy: the active one first (it must reproduce the recorded assignments), then each candidate.',
    ok: [ReportAnswerDto],
    errors: [400],
  })
  @ApiBody({
    type: RoutingBacktestDto,
    examples: {
      'fewest assignments this week': {
        value: {
          candidates: [
            {
              ...ACTIVE_ROUTING_POLICY,
              policyId: 'weekly-even-spread',
              inbound: { ...ACTIVE_ROUTING_POLICY.inbound, id: 'inbound-fewest-this-week', load: 'assigned-this-week' },
            },
          ],
        },
      },
    },
  })
  routing(@Body() dto: RoutingBacktestDto): Promise<ReportAnswer[]> {
    return this.lab.routing(validPolicies(dto.candidates));
  }

  @Post('booking')
  @Roles('sales-ops')
  @HttpCode(200)
  @ApiRoute({ summary: 'Replay the recorded booking requests under strict and flexible fairness', ok: ReportAnswerDto })
  booking(): Promise<ReportAnswer> {
    return this.lab.booking();
  }
}
