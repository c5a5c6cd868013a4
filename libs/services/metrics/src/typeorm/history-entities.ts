import { EntitySchema, type EntitySchemaColumnOptions } from 'typeorm';
import type { ColumnType } from '../read-models/fact-table';
import type { HistoryTable } from '../read-models/history-table';
import { CUSTOMER_FACTS, UPSELL_FACTS } from '../read-models/customers/customers.read-model';
import { APPOINTMENT_FACTS } from '../read-models/appointments/appointments.read-model';
import { LEAD_DUPLICATE_FACTS, LEAD_FACTS } from '../read-models/leads/leads.tables';
import { OPPORTUNITY_FACTS } from '../read-models/opportunities/opportunities.read-model';
import { decimal, metricsView, position } from './metrics-view';

const camel = (name: string): string => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function column(name: string, type: ColumnType, primary = false): [string, EntitySchemaColumnOptions] {
  const transformer = type === 'numeric' ? decimal : type === 'bigint' ? position : undefined;
  return [camel(name), { name, type, primary, nullable: !primary, ...(transformer ? { transformer } : {}) }];
}

/**
 * The entity of a history table (`lead_facts`, ...), made from its definition so the two cannot
 * drift: the entity's keys and the event's id are the key; `at` (business time), `recordedAt`
 * and `logPosition` say when the fact happened and when it was recorded. Rows are plain objects
 * with camelCase keys.
 */
export function historyEntity(history: HistoryTable): EntitySchema<Record<string, unknown>> {
  const columns = Object.fromEntries([
    ...history.keys.map((k) => column(k, 'text', true)),
    column('event_id', 'text', true),
    column('event', 'text'),
    column('at', 'timestamptz'),
    column('recorded_at', 'timestamptz'),
    column('log_position', 'bigint'),
    ...history.columns.map((c) => column(c.name, c.type)),
  ]);
  const name = history.name
    .split('_')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
  return new EntitySchema<Record<string, unknown>>({ ...metricsView(history.name), name: `${name}View`, tableName: history.name, columns });
}

export const LeadFactView = historyEntity(LEAD_FACTS);
export const LeadDuplicateFactView = historyEntity(LEAD_DUPLICATE_FACTS);
export const AppointmentFactView = historyEntity(APPOINTMENT_FACTS);
export const OpportunityFactView = historyEntity(OPPORTUNITY_FACTS);
export const CustomerFactView = historyEntity(CUSTOMER_FACTS);
export const UpsellFactView = historyEntity(UPSELL_FACTS);
