import { BadRequestException, Body, Controller, Headers, HttpCode, Inject, Post, UnprocessableEntityException } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
import { instanceToPlain } from 'class-transformer';
import { deriveEventId, newEventId } from '@leadline/event-store';
import { ApiRoute, assertMaySubmitSource, Caller, IntakeBacklogLimit, IntakeRateLimit, Roles, type Principal } from '@leadline/platform';
import type { Clock } from '@leadline/domain';
import { IDEMPOTENCY_KEY_PATTERN, requestHash } from '@leadline/platform';
import { CaptureLeadDto, CaptureLeadResponseDto } from './capture-lead.dto';
import { CaptureGroups } from './capture-groups';
import { toLeadCapture } from './capture-input';
import { IdempotencyKeyReusedError } from './idempotency.repository';
import { CaptureValidationException, validateCapture } from './validate-capture';
import { LEAD_INTAKE_CLOCK } from '../lead-intake.tokens';

@ApiTags('leads')
@Controller('leads')
export class CaptureLeadController {
  constructor(
    private readonly captures: CaptureGroups,
    @Inject(LEAD_INTAKE_CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('intake', 'sales-ops')
  @IntakeRateLimit()
  @IntakeBacklogLimit()
  @HttpCode(202)
  @ApiRoute({
    summary: 'Capture a lead; a repeat of a known person is recorded on the existing lead as a duplicate',
    ok: CaptureLeadResponseDto,
    status: 202,
    errors: [
      [400, 'Field-level errors: `errors[]` of `{ field, messages }`.'],
      [422, '`idempotency-key-reused`: the Idempotency-Key was used before with a different body.'],
      [413, 'The JSON body is over the limit (100 kB).'],
    ],
  })
  @ApiBody({ type: CaptureLeadDto })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Up to 200 printable ASCII characters. Same key and body: the same answer, nothing written twice (checked in the ' +
      "capture's own transaction, so a concurrent duplicate waits for the first and gets its answer)",
  })
  // `unknown` keeps the global ValidationPipe off this body: validateCapture names each error's field path.
  async capture(
    @Body() body: unknown,
    @Caller() caller: Principal,
    @Headers('idempotency-key') key?: string,
  ): Promise<CaptureLeadResponseDto> {
    if (key !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: ['Idempotency-Key must be 1 to 200 printable ASCII characters'],
        errors: [{ field: 'Idempotency-Key', messages: ['must be 1 to 200 printable ASCII characters'] }],
      });
    }
    const validation = await validateCapture(body);
    if (!validation.ok) throw new CaptureValidationException(validation.errors);
    // An intake key issued for some sources (a web form's) captures only those.
    assertMaySubmitSource(caller, validation.dto.source);
    const idempotencyKey = key === undefined ? undefined : `http:${key}`;
    const captureId = idempotencyKey ? deriveEventId('lead-intake/capture', idempotencyKey) : newEventId();
    const input = toLeadCapture(validation.dto, captureId, this.clock.now().toISOString());
    if (!input.ok) throw new CaptureValidationException(input.errors);
    try {
      // Concurrent requests are decided together, each with its own answer (CaptureGroups).
      const outcome = await this.captures.capture({
        capture: input.capture,
        idempotency: idempotencyKey ? { key: idempotencyKey, requestHash: requestHash(instanceToPlain(validation.dto)) } : undefined,
      });
      return { leadId: outcome.leadId, status: outcome.status };
    } catch (error) {
      if (error instanceof IdempotencyKeyReusedError) {
        throw new UnprocessableEntityException({ statusCode: 422, error: 'idempotency-key-reused', message: error.message });
      }
      throw error;
    }
  }
}
