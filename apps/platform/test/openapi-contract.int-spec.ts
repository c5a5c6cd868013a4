// The HTTP API as a contract: the document the embedded platform serves (every service's routes)
// validates as OpenAPI 3, and every operation in it is complete (openapi-completeness.ts says what that means).
import SwaggerParser from '@apidevtools/swagger-parser';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createLeadlineApp, loadConfig } from '@leadline/platform';
import { testAdminKey } from '@leadline/platform/testing';
import { freshStoreLocation, type StoreLocation } from '@leadline/testing';
import { PLATFORM_SERVICES } from '../src/platform-services';
import { exampleMismatches, missingContract, type OpenApiDocument } from './openapi-completeness';

describe('the OpenAPI document of the embedded platform', () => {
  let location: StoreLocation;
  let app: INestApplication;
  let document: OpenApiDocument;

  beforeAll(async () => {
    location = await freshStoreLocation('pg', 'openapi-contract');
    app = await createLeadlineApp(PLATFORM_SERVICES, loadConfig({ AUTH_ADMIN_KEY: testAdminKey(), ...location.env }));
    document = (await request(app.getHttpServer()).get('/docs-json').expect(200).expect('content-type', /json/)).body as OpenApiDocument;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await location?.cleanup();
  });

  it('is served with its page at /docs', async () => {
    const page = await request(app.getHttpServer()).get('/docs').redirects(1).expect(200);
    expect(page.text).toContain('swagger-ui');
  });

  it('validates as an OpenAPI 3 document', async () => {
    const validated = await SwaggerParser.validate(structuredClone(document) as never);
    expect(validated.info.title).toBe('Leadline platform');
    expect(Object.keys(document.paths).length).toBeGreaterThan(60);
  });

  it('gives every operation a summary, a success schema with an example, error schemas and a request example', () => {
    expect(missingContract(document)).toEqual([]);
  });

  it('has examples that fit their own schemas', () => {
    expect(exampleMismatches(document)).toEqual([]);
  });
});
