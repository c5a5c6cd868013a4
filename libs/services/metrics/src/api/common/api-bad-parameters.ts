import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse } from '@nestjs/swagger';

/** The 400 every metric route answers to a bad query-string parameter, in /docs. */
export const ApiBadParameters = (): MethodDecorator =>
  applyDecorators(ApiBadRequestResponse({ description: 'A bad parameter; the message names it' }));
