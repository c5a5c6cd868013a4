import type { MetricWindow, Period } from '../../read-models';

type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;
type Answered<V> = V extends Date ? string : V;

/** A metric row as the API answers it: camelCase keys, times as ISO strings. */
export type Camelized<Row> = { -readonly [K in keyof Row as CamelCase<K & string>]: Answered<Row[K]> };

const camel = (key: string): string => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export function camelize<Row extends object>(row: Row): Camelized<Row> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [camel(key), value instanceof Date ? value.toISOString() : value]),
  ) as Camelized<Row>;
}

/** Times in answers are ISO strings whichever driver read them. */
export function isoOrNull(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

interface WindowEcho {
  asOf: string;
  from: string;
  to: string;
}

/** The window an answer covers (and its buckets), echoed so a dashboard can label it. */
export function echo(window: MetricWindow & { readonly period: Period }): WindowEcho & { period: Period };
export function echo(window: MetricWindow): WindowEcho;
export function echo(window: MetricWindow & { readonly period?: Period }): WindowEcho & { period?: Period } {
  const echoed = { asOf: window.asOf.toISOString(), from: window.from.toISOString(), to: window.to.toISOString() };
  return window.period ? { ...echoed, period: window.period } : echoed;
}
