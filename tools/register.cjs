// Runs the TypeScript sources directly: SWC transpiles on require (with decorator metadata,
// which NestJS dependency injection needs) and tsconfig paths resolve the @leadline/* libs.
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || require('node:path').join(__dirname, '..', 'tsconfig.json');
require('reflect-metadata');
require('@swc-node/register');
