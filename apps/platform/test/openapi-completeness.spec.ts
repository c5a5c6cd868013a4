import { exampleMismatches, missingContract, type OpenApiDocument } from './openapi-completeness';

const error = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const components = {
  schemas: {
    Error: { type: 'object', properties: { statusCode: { type: 'number', example: 404 }, message: { type: 'string', example: 'no' } } },
    Lead: { type: 'object', properties: { id: { type: 'string', example: 'lead-1' }, status: { type: 'string', enum: ['new'] } } },
    Bare: { type: 'object', properties: { id: { type: 'string' } } },
  },
};
const documentWith = (operation: object): OpenApiDocument => ({ paths: { '/leads/{id}': { get: operation } }, components });
const ok = (ref: string) => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });

describe('the OpenAPI completeness check', () => {
  it('passes an operation with a summary, an exemplified success schema and an error schema', () => {
    expect(missingContract(documentWith({ summary: 'A lead', responses: { 200: ok('Lead'), 404: error } }))).toEqual([]);
  });

  it('names what an operation lacks: summary, success schema, error responses', () => {
    expect(missingContract(documentWith({ responses: { 200: { description: '' } } }))).toEqual([
      'GET /leads/{id}: summary, success schema, error responses',
    ]);
  });

  it('wants an example for the success answer and the request body, and a schema on every error', () => {
    const operation = {
      summary: 'A lead',
      requestBody: ok('Bare'),
      responses: { 200: ok('Bare'), 404: { description: 'none' } },
    };
    expect(missingContract(documentWith(operation))).toEqual(['GET /leads/{id}: success example, 404 schema, request example']);
  });

  it('takes an example on the media type instead of the schema', () => {
    const exemplified = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Bare' }, example: { id: 'x' } } } };
    expect(missingContract(documentWith({ summary: 'A lead', responses: { 200: exemplified, 404: error } }))).toEqual([]);
  });

  it('finds property examples that do not fit their schema: type, integer, enum, null, array items', () => {
    const document: OpenApiDocument = {
      paths: {},
      components: {
        schemas: {
          Row: {
            type: 'object',
            properties: {
              ok: { type: 'integer', example: 3 },
              fraction: { type: 'integer', example: 0.5 },
              source: { type: 'string', enum: ['inbound-web'], example: 'web' },
              absent: { type: 'string', example: null },
              maybe: { type: 'string', nullable: true, example: null },
              tags: { type: 'array', items: { type: 'string' }, example: ['a', 1] },
              typedAsObject: { type: 'object', example: 'a string' },
            },
          },
        },
      },
    };
    expect(exampleMismatches(document).map((problem) => problem.split(':')[0])).toEqual([
      'Row.fraction',
      'Row.source',
      'Row.absent',
      'Row.tags',
      'Row.typedAsObject',
    ]);
  });

  it("finds an operation's example with a key its schema does not document, or a value that does not fit", () => {
    const answer = (example: unknown) => ({
      summary: 'A lead',
      responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Lead' }, example } } }, 404: error },
    });
    const document = (example: unknown): OpenApiDocument => ({ paths: { '/leads/{id}': { get: answer(example) } }, components });
    expect(exampleMismatches(document({ id: 'lead-1', status: 'new' }))).toEqual([]);
    expect(exampleMismatches(document({ id: 'lead-1', owner: 'sdr-ana' }))).toEqual([
      'GET /leads/{id} 200: its example does not fit its schema',
    ]);
    expect(exampleMismatches(document({ id: 7 }))).toEqual(['GET /leads/{id} 200: its example does not fit its schema']);
  });
});
