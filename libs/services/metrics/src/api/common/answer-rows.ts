import type { MetricScope, MetricWindow, Period } from '../../read-models';

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

interface ScopeEcho {
  asOf: string;
  knownAt: string;
}

interface WindowEcho extends ScopeEcho {
  from: string;
  to: string;
}

type Known = { readonly knownAt: Date };

/** The moments an answer is as of and as known at, echoed so it can be asked for again. */
export function echoScope(scope: MetricScope & Known): ScopeEcho {
  return { asOf: scope.asOf.toISOString(), knownAt: scope.knownAt.toISOString() };
}

/** The window an answer covers (and its buckets), echoed so a dashboard can label it. */
export function echo(window: MetricWindow & Known & { readonly period: Period }): WindowEcho & { period: Period };
export function echo(window: MetricWindow & Known): WindowEcho;
export function echo(window: MetricWindow & Known & { readonly period?: Period }): WindowEcho & { period?: Period } {
  const echoed = { ...echoScope(window), from: window.from.toISOString(), to: window.to.toISOString() };
  return window.period ? { ...echoed, period: window.period } : echoed;
}
