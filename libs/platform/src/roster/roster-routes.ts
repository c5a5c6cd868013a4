import { applyDecorators, Get, HttpCode, Patch, Post, type Type } from '@nestjs/common';
import { Roles } from '../auth/roles.decorator';
import { Idempotent } from '../http/idempotency/idempotent.decorator';
import { ApiRoute } from '../http/openapi/api-route.decorator';

/**
 * The routes every roster serves (SDRs in routing, AEs in appointments), and who may call them: sales
 * ops registers a rep; sales ops and managers change a profile and schedule time off (both idempotent);
 * analysts also read the roster. `state`: what a command answers; `entry`: what the roster lists.
 * Each applies its decorators in the order a stack of them written top to bottom would.
 */
export const RosterRoute = {
  /** POST /: 201 with the rep's state. */
  register: (summary: string, state: Type<unknown>): MethodDecorator =>
    applyDecorators(ApiRoute({ summary, ok: state, status: 201, errors: [400] }), HttpCode(201), Idempotent(), Roles('sales-ops'), Post()),
  /** PATCH /:id: absent fields stay as they are. */
  update: (summary: string, state: Type<unknown>): MethodDecorator =>
    applyDecorators(ApiRoute({ summary, ok: state, errors: [400] }), Idempotent(), Roles('sales-ops', 'manager'), Patch(':id')),
  /** POST /:id/time-off: 201 with the rep's state. */
  timeOff: (summary: string, state: Type<unknown>): MethodDecorator =>
    applyDecorators(
      ApiRoute({ summary, ok: state, status: 201, errors: [400] }),
      HttpCode(201),
      Idempotent(),
      Roles('sales-ops', 'manager'),
      Post(':id/time-off'),
    ),
  /** GET /: every rep on the roster. */
  list: (summary: string, entry: Type<unknown>): MethodDecorator =>
    applyDecorators(ApiRoute({ summary, ok: [entry] }), Roles('sales-ops', 'manager', 'analyst'), Get()),
};
