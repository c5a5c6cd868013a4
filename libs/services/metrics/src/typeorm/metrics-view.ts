import type { ValueTransformer } from 'typeorm';

/**
 * TypeORM entities over the analysts' views (`metrics.<table>`, onto the live version). Read-only:
 * never synchronised (the engine owns the DDL); a test checks each one against the live view's
 * columns in information_schema, so a read-model change that breaks them fails there.
 */
export const metricsView = (name: string) => ({ name, schema: 'metrics', synchronize: false });

/** `numeric` arrives as a string from both drivers; money fits a double. */
export const decimal: ValueTransformer = {
  from: (value: string | number | null) => (value === null ? null : Number(value)),
  to: (value: number | null) => value,
};

/** `bigint` (a log position) arrives as a string; positions fit a double. */
export const position: ValueTransformer = {
  from: (value: string | number | null) => (value === null ? null : Number(value)),
  to: (value: number | null) => value,
};
