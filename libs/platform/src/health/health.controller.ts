import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator';
import { ApiRoute } from '../http/openapi/api-route.decorator';
import { logOutcomeAt } from '../logging/request-logging';
import { LivenessDto, ReadinessDto } from './health.dto';
import { ReadinessService, type Readiness } from './readiness.service';

@ApiTags('health')
@Controller()
@Public()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  /** Liveness: answers while the process is alive, whatever its dependencies do. */
  @Get('health')
  @ApiRoute({
    summary: 'Liveness: the process is alive',
    ok: LivenessDto,
    okDescription: 'The process is alive (also while it shuts down).',
    neverFails: 'Answers while the process runs, whatever its dependencies do; no answer means not alive.',
  })
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiRoute({
    summary: 'Readiness: the dependencies this process needs answer',
    ok: ReadinessDto,
    okDescription:
      'The event store answers and, with Kafka, the cluster answers and every consumer of the process is in its group ' +
      '(lead-intake: the event store alone; Kafka is reported with `required: false`).',
  })
  @ApiResponse({
    status: 503,
    type: ReadinessDto,
    description: 'A required check failed (`checks` names it and why), or the process is shutting down.',
    example: { status: 'unavailable', checks: { database: { status: 'up' }, kafka: { status: 'down', error: 'connect ECONNREFUSED' } } },
  })
  async ready(): Promise<Readiness> {
    const readiness = await this.readiness.check();
    if (readiness.status === 'ready') return readiness;
    // Not ready yet while it starts, or once it was told to stop, is what every probe expects then: a warning, not an
    // error line per probe. A process that was ready and lost a dependency answers the same 503, logged at error.
    if (this.readiness.starting || this.readiness.stopping) logOutcomeAt('warn');
    // The exception's object becomes the 503 body as is.
    throw new ServiceUnavailableException(readiness);
  }
}
