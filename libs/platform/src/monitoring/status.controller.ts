import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ApiRoute } from '../http/openapi';
import { IntakeBacklog, type IntakeBacklogStatus } from '../http/admission/intake-backlog';
import { LagReport, type LagStatus } from './lag-report';
import { StatusDto } from './status.dto';

@ApiTags('operations')
@Controller()
export class StatusController {
  constructor(
    private readonly lag: LagReport,
    private readonly backlog: IntakeBacklog,
  ) {}

  /** Internals (processor names, positions, consumer groups): for whoever runs the platform. */
  @Get('status')
  @Roles('admin')
  @ApiRoute({
    summary:
      'Lag of this process: its processors and consumer groups, with checkpoint, head and lag in events and seconds; the intake backlog bound',
    ok: StatusDto,
    okDescription: 'The figures the lag gauges of /metrics report (docs/operations.md "Status").',
  })
  async status(): Promise<LagStatus & { intake: IntakeBacklogStatus }> {
    return { ...(await this.lag.current()), intake: this.backlog.status() };
  }
}
