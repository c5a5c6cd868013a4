import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { Controller, Module } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { PUBLISHED_EVENT_TYPES } from '@leadline/domain';
import type { ServiceDescriptor } from '../service-descriptor';
import { buildAsyncApiDocument } from './asyncapi';
import { contractsDir, loadPublishedSchemas } from './published-schemas';

/** A service shaped like routing: owns `sdr` and `assignment`, subscribes to scores and vendor holds, runs a processor. */
@Controller()
class ReactionsController {
  @EventPattern({ subscription: 'routing-assign-scored-leads', category: 'score', type: 'LeadScored' })
  assign(): void {}

  @EventPattern([
    { subscription: 'routing-vendor-holds', category: 'vendor', type: 'VendorListReceived' },
    { subscription: 'routing-vendor-holds', category: 'vendor', type: 'VendorLeadsReleased' },
  ])
  holds(): void {}

  @EventPattern({ processor: 'routing-sla-breach', category: 'assignment', type: 'FirstTouchSlaBreached' })
  breach(): void {}
}
@Module({ controllers: [ReactionsController] })
class ReactionsModule {}
const routingLike: ServiceDescriptor = {
  name: 'routing',
  module: { module: class RoutingLikeModule {}, imports: [ReactionsModule] },
  ownedCategories: ['sdr', 'assignment'],
};

/** Errors and warnings of the AsyncAPI parser (its hints and information are left out). */
async function problemsOf(document: unknown): Promise<string[]> {
  const { document: parsed, diagnostics } = await new Parser().parse(JSON.stringify(document));
  const problems = diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`);
  return parsed ? problems : ['not parsed', ...problems];
}

describe('AsyncAPI document of the event topics', () => {
  const published = JSON.parse(readFileSync(join(contractsDir(), 'asyncapi.json'), 'utf8')) as {
    asyncapi: string;
    channels: Record<string, { address: string; messages: Record<string, unknown> }>;
    operations: Record<string, { action: string; bindings?: { kafka: { groupId: { enum: string[] } } } }>;
    components: {
      messages: Record<string, { payload: Record<string, unknown>; headers: { properties: Record<string, { const?: string }> } }>;
    };
  };

  it('the published one (contracts/asyncapi.json) is a valid AsyncAPI 3 document', async () => {
    expect(published.asyncapi).toMatch(/^3\./);
    expect(await problemsOf(published)).toEqual([]);
  }, 60_000);

  it('describes every published event type with its schema as payload and its namespaced CloudEvents type', () => {
    const schemas = loadPublishedSchemas();
    for (const type of PUBLISHED_EVENT_TYPES) {
      const message = published.components.messages[type];
      const { $schema: _schema, $id, ...payload } = schemas.get(type) as Record<string, unknown>;
      expect(message.payload).toEqual({ ...payload, externalDocs: expect.objectContaining({ url: $id }) });
      expect(message.headers.properties.ce_dataschema.const).toBe($id);
      expect(message.headers.properties.ce_type.const).toMatch(/^io\.leadline\.[a-z-]+\.[a-z-]+\.v\d+$/);
    }
    expect(published.channels.lead.address).toBe('leadline.lead');
    expect(published.channels['dlt.enrichment.lead-captured'].address).toBe('leadline.dlt.enrichment.lead-captured');
    const groups = Object.values(published.operations).flatMap((op) => (op.action === 'receive' ? op.bindings?.kafka.groupId.enum : []));
    expect(groups).toContain('leadline.routing-assign-scored-leads');
  });

  it("one service's document has the topics it produces and consumes, and its dead-letter topics, under its topic prefix", async () => {
    const document = buildAsyncApiDocument({
      services: [routingLike],
      schemas: loadPublishedSchemas(),
      topicPrefix: 'acme.',
    }) as typeof published;
    const addresses = Object.values(document.channels).map((channel) => channel.address);
    expect(addresses.sort()).toEqual([
      'acme.assignment',
      'acme.dlt.routing-assign-scored-leads',
      'acme.dlt.routing-vendor-holds',
      'acme.score',
      'acme.sdr',
      'acme.vendor',
    ]);
    const operations = Object.entries(document.operations).map(([id, op]) => `${op.action} ${id}`);
    expect(operations.sort()).toEqual([
      'receive routing-assign-scored-leads-score',
      'receive routing-vendor-holds-vendor',
      'send publish-assignment',
      'send publish-sdr',
      'send routing-assign-scored-leads-dead-letter',
      'send routing-vendor-holds-dead-letter',
    ]);
    expect(document.operations['routing-vendor-holds-vendor']).toMatchObject({
      bindings: { kafka: { groupId: { enum: ['acme.routing-vendor-holds'] } } },
      messages: [{ $ref: '#/channels/vendor/messages/VendorListReceived' }, { $ref: '#/channels/vendor/messages/VendorLeadsReleased' }],
    });
    expect(await problemsOf(document)).toEqual([]);
  }, 60_000);
});
