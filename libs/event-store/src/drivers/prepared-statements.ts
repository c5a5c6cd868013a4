/** How the `pg` driver runs a marked statement text. */
export interface PreparedStatement {
  /** Its name on each connection that prepared it. */
  readonly name: string;
  /** Outside a transaction, on the connections that always take the generic plan (genericPlanStatement). */
  readonly genericPlan: boolean;
}

/** Statement texts the `pg` driver prepares once per connection (a named statement) instead of parsing on every call. */
const preparedTexts = new Map<string, PreparedStatement>();

function mark(text: string, genericPlan: boolean): string {
  const known = preparedTexts.get(text);
  if (!known) preparedTexts.set(text, { name: `leadline_${preparedTexts.size + 1}`, genericPlan });
  else if (genericPlan && !known.genericPlan) preparedTexts.set(text, { ...known, genericPlan });
  return text;
}

/**
 * Marks a hot statement's text to be prepared on each `pg` connection that runs it: parsed once, then planned by
 * PostgreSQL's plan cache (a generic plan once it costs no more than the custom ones) instead of parsed and planned
 * on every call. Meant for statements whose plan cannot depend on their parameters' values (e.g. every value in one
 * jsonb document): a plan that does (a range on a column) may turn worse as a generic plan. PGlite runs the text as
 * it is. Returns the text.
 */
export function preparedStatement(text: string): string {
  return mark(text, false);
}

/**
 * preparedStatement, and, run outside a transaction, run on a `pg` connection of its own whose plan cache always takes
 * the generic plan (`plan_cache_mode = force_generic_plan`; a setting per connection, which would turn the unnamed
 * statements generic too, so such statements get connections of their own): planned once per connection, never again.
 * For a statement whose generic plan PostgreSQL prices above the custom ones although it is as good or better, so
 * its plan cache keeps planning it on every call (the relays' near-head log read: planned on 45-78 % of ~23,500 calls
 * a minute at 50 leads/s, 0.37 ms a plan for 0.07-0.13 ms of execution; docs/benchmarks.md, "Issue 15, the
 * twenty-first 2026-12-07 session"). The connections: a third of the pool's size (4 of the default 10). In a
 * transaction it runs on the transaction's connection as any prepared statement. Returns the text.
 */
export function genericPlanStatement(text: string): string {
  return mark(text, true);
}

/** How `text` runs, if it was marked with `preparedStatement` or `genericPlanStatement`. */
export function preparedStatementOf(text: string): PreparedStatement | undefined {
  return preparedTexts.get(text);
}
