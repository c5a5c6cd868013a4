import { Controller, Get, Header, Inject, NotFoundException, Param } from '@nestjs/common';
import { ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_CONTRACTS, isPublishedEventType } from '@leadline/domain';
import { Public } from '../auth/roles.decorator';
import { ApiRoute } from '../http/openapi/api-route.decorator';
import type { PlatformConfig } from '../config';
import { PLATFORM_CONFIG, SERVICE_DESCRIPTORS } from '../platform.tokens';
import type { ServiceDescriptor } from '../service-descriptor';
import { buildAsyncApiDocument, type AsyncApiDocument } from './asyncapi';
import { contractsDir, loadPublishedSchemas } from './published-schemas';

/**
 * The published event contracts of this process: its AsyncAPI document (the topics its services
 * produce and consume) and the JSON Schemas of the event types. Public, like the API docs: a
 * contract for consumers, with no personal data (the examples are made up).
 */
@ApiTags('contracts')
@Controller()
@Public()
export class ContractsController {
  private document: AsyncApiDocument | undefined;
  private dirFound: string | undefined;

  constructor(
    @Inject(SERVICE_DESCRIPTORS) private readonly services: readonly ServiceDescriptor[],
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  /** Found on first use: a process without the contracts folder still starts (and answers 500 here, naming the fix). */
  private get dir(): string {
    this.dirFound ??= contractsDir();
    return this.dirFound;
  }

  @Get('asyncapi.json')
  @ApiRoute({
    summary: 'AsyncAPI 3.0 document of the Kafka topics this process produces and consumes',
    ok: { type: 'object', description: 'An AsyncAPI 3.0 document.' },
    okDescription: 'Channels (topics), messages (event types with payload schemas and CloudEvents headers), operations.',
    example: { asyncapi: '3.0.0', info: { title: 'Leadline events', version: '0.1.0' }, channels: {}, operations: {}, components: {} },
    errors: [[500, 'This installation has no contracts/ folder (set LEADLINE_CONTRACTS_DIR).']],
  })
  asyncApi(): AsyncApiDocument {
    this.document ??= buildAsyncApiDocument({
      services: this.services,
      schemas: loadPublishedSchemas(this.dir),
      topicPrefix: this.config.kafka?.topicPrefix,
    });
    return this.document;
  }

  @Get('schemas/events/:type/:file')
  @Header('Content-Type', 'application/schema+json')
  @ApiProduces('application/schema+json')
  @ApiParam({ name: 'type', example: 'LeadAssigned' })
  @ApiParam({ name: 'file', example: 'v1.schema.json' })
  @ApiRoute({
    summary: 'JSON Schema (2020-12) of one version of a published event type',
    ok: { type: 'object', description: 'A JSON Schema (2020-12).' },
    okDescription: 'The schema; its `$id` is the CloudEvents `dataschema` of the records it describes.',
    example: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://schemas.leadline.dev/events/LeadAssigned/v1.schema.json',
      title: 'LeadAssigned v1',
      type: 'object',
    },
    errors: [[404, 'No such event type or version.']],
  })
  schema(@Param('type') type: string, @Param('file') file: string): string {
    const version = /^v([1-9][0-9]{0,3})\.schema\.json$/.exec(file)?.[1];
    if (!isPublishedEventType(type) || version === undefined || Number(version) > EVENT_CONTRACTS[type].version) {
      throw new NotFoundException(`No published schema ${type}/${file}`);
    }
    const path = join(this.dir, 'events', type, file);
    if (!existsSync(path)) throw new NotFoundException(`No published schema ${type}/${file}`);
    return readFileSync(path, 'utf8');
  }
}
