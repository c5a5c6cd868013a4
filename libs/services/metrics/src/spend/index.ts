import { ImportSpendController } from './import-spend.controller';
import { ImportSpendHandler } from './import-spend.handler';
import { RecordSpendHandler } from './record-spend.handler';
import { SpendController } from './spend.controller';

// The import controller comes first: `POST /metrics/spend/import` must not reach a parameterised route.
export const SPEND_CONTROLLERS = [ImportSpendController, SpendController];
export const SPEND_PROVIDERS = [RecordSpendHandler, ImportSpendHandler];
export { RecordSpendHandler, spendStream, type SpendInput, type SpendRecordResult } from './record-spend.handler';
export type { SpendImportSummary, SpendRowOutcome } from './import-spend.handler';
