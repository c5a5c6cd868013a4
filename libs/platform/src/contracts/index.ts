export { buildAsyncApiDocument, type AsyncApiDocument, type AsyncApiOptions } from './asyncapi';
export { contractsDir, loadPublishedSchemas, type JsonSchemaDocument } from './published-schemas';
export { reactionsOf, type DeclaredReaction } from './reactions-of';
