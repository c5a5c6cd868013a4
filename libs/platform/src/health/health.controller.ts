import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator';
import { ReadinessService, type Readiness } from './readiness.service';

@ApiTags('health')
@Controller()
@Public()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  /** Liveness: answers while the process is alive, whatever its dependencies do. */
  @Get('health')
  @ApiOkResponse({ description: 'The process is alive.' })
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({
    description:
      'The event store answers and, with Kafka, the cluster answers and every consumer of the process is in its group ' +
      '(lead-intake: the event store alone; Kafka is reported with `required: false`).',
  })
  @ApiServiceUnavailableResponse({ description: 'A required check failed (`checks` names it and why), or the process is shutting down.' })
  async ready(): Promise<Readiness> {
    const readiness = await this.readiness.check();
    // The exception's object becomes the 503 body as is.
    if (readiness.status !== 'ready') throw new ServiceUnavailableException(readiness);
    return readiness;
  }
}
