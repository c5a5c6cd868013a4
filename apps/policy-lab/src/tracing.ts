// Imported first by main.ts: the tracing SDK, when OTEL_* variables configure it, must patch http,
// Nest and pg before they load. service.name defaults to the app's name.
import { startTracing } from '@leadline/platform/tracing';

startTracing('policy-lab');
