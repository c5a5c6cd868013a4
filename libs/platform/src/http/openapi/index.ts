export { ErrorResponseDto, FieldErrorDto } from './error-response.dto';
export { ApiErrors, ApiDomainErrors, type ApiError, type ErrorStatus } from './api-errors.decorator';
export { ApiRoute, type ApiRouteOptions } from './api-route.decorator';
