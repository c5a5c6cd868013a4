/** What every request body, query and path is held to before parsing or validation (README, "Input at the edge"). */
export const INPUT_LIMITS = Object.freeze({
  /** JSON and form bodies; larger ones are answered 413 before they are parsed. */
  maxBodyBytes: 100 * 1024,
  /** Nesting of objects and arrays; deeper bodies are answered 400 before they are parsed. */
  maxDepth: 32,
  /** Strings, numbers, keys' values and nested objects in one body or query: a form holds tens; more is refused with 400. */
  maxValues: 10_000,
  /** Validation slower than this is logged (with the DTO it was), never refused: wall time on a busy machine says nothing about the input. */
  slowValidationMs: 250,
});

/** Property names that reach an object's prototype when copied onto it (class-transformer does). */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
// A high surrogate not followed by a low one, or a low one not preceded by a high one; linear.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL (or any UTF-8 consumer) would refuse or silently alter this text; undefined when it is fine. */
export function unsafeTextReason(text: string): string | undefined {
  if (text.includes('\0')) return 'contains a NUL character';
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (not valid Unicode text)';
  return undefined;
}

export interface InputProblem {
  /** Dotted path of the offending value or key, e.g. `body.contact.phone`. */
  readonly field: string;
  readonly reason: string;
}

/**
 * The first string, key or nesting level in a parsed value that the platform refuses: NUL, lone
 * surrogates, prototype keys, nesting beyond `maxDepth`, more than `maxValues` values. Iterative,
 * so no input can exhaust the stack; bounded by count, so the answer depends on the input alone.
 */
export function findUnsafeInput(value: unknown, root: string): InputProblem | undefined {
  const pending: Array<{ value: unknown; field: string; depth: number }> = [{ value, field: root, depth: 0 }];
  for (let visited = 0; pending.length > 0; visited++) {
    if (visited >= INPUT_LIMITS.maxValues) return { field: root, reason: `holds more than ${INPUT_LIMITS.maxValues} values` };
    const next = pending.pop() as { value: unknown; field: string; depth: number };
    if (typeof next.value === 'string') {
      const reason = unsafeTextReason(next.value);
      if (reason) return { field: next.field, reason };
      continue;
    }
    if (typeof next.value !== 'object' || next.value === null) continue;
    if (next.depth >= INPUT_LIMITS.maxDepth) return { field: next.field, reason: `is nested deeper than ${INPUT_LIMITS.maxDepth} levels` };
    for (const [key, child] of Object.entries(next.value)) {
      const field = Array.isArray(next.value) ? `${next.field}[${key}]` : `${next.field}.${key}`;
      if (PROTOTYPE_KEYS.has(key)) return { field, reason: `uses the reserved property name ${key}` };
      const keyReason = unsafeTextReason(key);
      if (keyReason) return { field: next.field, reason: `has a property name that ${keyReason}` };
      pending.push({ value: child, field, depth: next.depth + 1 });
    }
  }
  return undefined;
}

/** True when the raw JSON text nests objects and arrays no deeper than `maxDepth`: one pass over the bytes, before JSON.parse. */
export function jsonDepthWithin(raw: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const byte of raw) {
    if (inString) {
      if (escaped) escaped = false;
      else if (byte === BACKSLASH) escaped = true;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > maxDepth) return false;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth--;
  }
  return true;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
