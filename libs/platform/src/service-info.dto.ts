import { ApiProperty } from '@nestjs/swagger';

/** What `GET /<service>/info` answers. */
export class ServiceInfoDto {
  @ApiProperty({ example: 'lead-intake' })
  readonly name!: string;

  @ApiProperty({ type: [String], example: ['lead'], description: 'Stream categories this service owns.' })
  readonly ownedCategories!: readonly string[];
}
