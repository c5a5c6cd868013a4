import { ApiErrors } from '@leadline/platform';

/** The 400 every metric route answers to a bad query-string parameter, in /docs. */
export const ApiBadParameters = (): MethodDecorator => ApiErrors([400, 'A bad parameter; the message names it.']);
