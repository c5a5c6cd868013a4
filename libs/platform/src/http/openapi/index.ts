export { ErrorResponseDto, FieldErrorDto } from './error-response.dto';
export { ApiErrors, ApiDomainErrors, type ApiError, type ErrorStatus } from './api-errors.decorator';
export { ApiRoute, NEVER_FAILS_EXTENSION, type ApiRouteOptions } from './api-route.decorator';
export { importLineSchema, type ImportLineFields } from './import-line.schema';
