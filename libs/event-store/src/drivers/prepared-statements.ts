/** Statement texts the `pg` driver prepares once per connection (a named statement) instead of parsing on every call. */
const preparedTexts = new Map<string, string>();

/**
 * Marks a hot statement's text to be prepared on each `pg` connection that runs it: parsed once, then planned by
 * PostgreSQL's plan cache (a generic plan once it costs no more than the custom ones) instead of parsed and planned
 * on every call. Meant for statements whose plan cannot depend on their parameters' values (e.g. every value in one
 * jsonb document): a plan that does (a range on a column) may turn worse as a generic plan. PGlite runs the text as
 * it is. Returns the text.
 */
export function preparedStatement(text: string): string {
  if (!preparedTexts.has(text)) preparedTexts.set(text, `leadline_${preparedTexts.size + 1}`);
  return text;
}

/** The name `text` is prepared under, if it was marked with `preparedStatement`. */
export function preparedStatementName(text: string): string | undefined {
  return preparedTexts.get(text);
}
