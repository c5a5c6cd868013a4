import type { ReadModel } from '../engine/read-model';
import { APPOINTMENTS_READ_MODEL } from './appointments.read-model';
import { CUSTOMERS_READ_MODEL } from './customers.read-model';
import { LEADS_READ_MODEL } from './leads.read-model';
import { OPPORTUNITIES_READ_MODEL } from './opportunities.read-model';
import { ROUTING_READ_MODEL } from './routing.read-model';
import { SPEND_READ_MODEL } from './spend.read-model';

/** Every analysts' read model, in DDL order; table names are unique across them. */
export const READ_MODELS: readonly ReadModel[] = [
  LEADS_READ_MODEL,
  ROUTING_READ_MODEL,
  APPOINTMENTS_READ_MODEL,
  OPPORTUNITIES_READ_MODEL,
  CUSTOMERS_READ_MODEL,
  SPEND_READ_MODEL,
];

export { CONVERSATION_OUTCOMES } from './leads.read-model';
export type { FactTable } from './fact-table';
