import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ApiRoute } from '../http/openapi';
import { LagReport, type LagStatus } from './lag-report';
import { StatusDto } from './status.dto';

@ApiTags('operations')
@Controller()
export class StatusController {
  constructor(private readonly lag: LagReport) {}

  /** Internals (processor names, positions, consumer groups): for whoever runs the platform. */
  @Get('status')
  @Roles('admin')
  @ApiRoute({
    summary: 'Lag of this process: its processors and consumer groups, with checkpoint, head and lag in events and seconds',
    ok: StatusDto,
    okDescription: 'The figures the lag gauges of /metrics report (docs/operations.md "Status").',
  })
  status(): Promise<LagStatus> {
    return this.lag.current();
  }
}
