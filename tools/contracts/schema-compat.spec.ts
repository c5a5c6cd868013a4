import { incompatibilities, type JsonSchema } from './schema-compat';

const v1: JsonSchema = {
  $id: 'x',
  type: 'object',
  description: 'before',
  properties: {
    leadId: { type: 'string' },
    team: { type: 'string', enum: ['inbound', 'outbound'] },
    pool: { type: 'array', items: { type: 'object', properties: { sdrId: { type: 'string' } }, required: ['sdrId'] } },
    note: { type: ['string', 'null'] },
  },
  required: ['leadId', 'team', 'pool'],
};

function changed(edit: (schema: Record<string, unknown> & { properties: Record<string, Record<string, unknown>> }) => void): JsonSchema {
  const copy = structuredClone(v1) as Record<string, unknown> & { properties: Record<string, Record<string, unknown>> };
  edit(copy);
  return copy;
}

describe('schema compatibility within a version', () => {
  it('accepts the same schema and changed descriptions, titles and examples', () => {
    expect(incompatibilities(v1, v1)).toEqual([]);
    expect(
      incompatibilities(
        v1,
        changed((s) => Object.assign(s, { description: 'after', title: 't', examples: [{}] })),
      ),
    ).toEqual([]);
  });

  it('accepts a new optional property, at the top and nested', () => {
    const after = changed((s) => {
      s.properties.region = { type: 'string' };
      (s.properties.pool.items as { properties: Record<string, unknown> }).properties.load = { type: 'number' };
    });
    expect(incompatibilities(v1, after)).toEqual([]);
  });

  it('rejects a new required property', () => {
    const after = changed((s) => {
      s.properties.region = { type: 'string' };
      (s.required as string[]).push('region');
    });
    expect(incompatibilities(v1, after)).toEqual(['$.region: new required property']);
  });

  it('rejects a removed property, a retyped one and a changed requirement', () => {
    const after = changed((s) => {
      delete s.properties.note;
      s.properties.leadId = { type: 'number' };
      s.required = ['leadId', 'team'];
    });
    expect(incompatibilities(v1, after)).toEqual(
      expect.arrayContaining(['$.note: property removed', '$.leadId: type changed from "string" to "number"', '$.pool: became optional']),
    );
  });

  it('rejects an enum value added or removed, and a change deep in array items', () => {
    const added = changed((s) => (s.properties.team.enum = ['inbound', 'outbound', 'partner']));
    expect(incompatibilities(v1, added)).toEqual(['$.team: enum changed from ["inbound","outbound"] to ["inbound","outbound","partner"]']);
    const nested = changed(
      (s) => ((s.properties.pool.items as { properties: Record<string, unknown> }).properties.sdrId = { type: 'integer' }),
    );
    expect(incompatibilities(v1, nested)).toEqual(['$.pool.items.sdrId: type changed from "string" to "integer"']);
  });
});
