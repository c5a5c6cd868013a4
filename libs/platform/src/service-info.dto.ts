import { ApiProperty } from '@nestjs/swagger';
import { ApiRoute } from './http/openapi/api-route.decorator';

/** What `GET /<service>/info` answers. */
export class ServiceInfoDto {
  @ApiProperty({ example: 'lead-intake' })
  readonly name!: string;

  @ApiProperty({ type: [String], example: ['lead'], description: 'Stream categories this service owns.' })
  readonly ownedCategories!: readonly string[];
}

/** The OpenAPI contract of every service's `GET /<service>/info`. */
export const ApiServiceInfo = (): MethodDecorator =>
  ApiRoute({ summary: 'This service: its name and the stream categories it owns', ok: ServiceInfoDto });
