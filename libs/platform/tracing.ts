// `@leadline/platform/tracing`: the tracing bootstrap on its own, so that an entry point can start it
// before it loads the rest of the platform (Nest, http, pg), which the instrumentations must patch as
// they load. Beside package.json so the production build resolves the subpath too (DIR/libs/platform/tracing.js).
export { startTracing, shutdownTracing, tracingConfigured } from './src/observability/tracing';
