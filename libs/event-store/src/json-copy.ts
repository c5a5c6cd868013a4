/** A value jsonCopy's walk leaves to JSON itself. */
const BY_JSON = Symbol('by JSON');
/** A value JSON leaves out: undefined, a function or a symbol (a property dropped, an array item null). */
const LEFT_OUT = Symbol('left out');

/** Deeper than this, JSON itself copies (and, for a cycle, throws as it does). */
const MAX_DEPTH = 64;

/**
 * A deep copy of `value` as JSON gives it back: what `JSON.parse(JSON.stringify(value))` returns, without the text in
 * between. Event data and metadata are copied this way on every append (so the events an append returns equal the ones
 * read back later) and whenever personal fields are sealed or opened; through the text, a ~1 KB capture took ~4.7 µs,
 * and ~5 µs with structuredClone, against ~0.6 µs walked (Node 20, this machine). The walk copies plain objects,
 * arrays, strings, booleans, null and numbers (-0 as 0, NaN and ±Infinity as null), and leaves out what JSON leaves
 * out (undefined, functions and symbols: dropped from an object, null in an array, as is a hole); anything else in the
 * value (a Date or any `toJSON`, an instance of a class, a bigint, an own `__proto__` key, nesting past MAX_DEPTH)
 * hands the whole value to JSON, so its rules hold exactly, errors included.
 */
export function jsonCopy<T>(value: T): T {
  const copy = walk(value, 0);
  return (copy === BY_JSON || copy === LEFT_OUT ? JSON.parse(JSON.stringify(value)) : copy) as T;
}

function walk(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // JSON writes -0 as 0 and NaN, Infinity and -Infinity as null.
      return Number.isFinite(value) ? value + 0 : null;
    case 'object':
      break;
    case 'undefined':
    case 'symbol':
      return LEFT_OUT;
    case 'function':
      return typeof (value as { toJSON?: unknown }).toJSON === 'function' ? BY_JSON : LEFT_OUT;
    default:
      return BY_JSON;
  }
  if (value === null) return null;
  if (depth >= MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') return BY_JSON;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype === Array.prototype) {
    const items = value as readonly unknown[];
    const copy: unknown[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = walk(items[i], depth + 1);
      if (item === BY_JSON) return BY_JSON;
      copy[i] = item === LEFT_OUT ? null : item;
    }
    return copy;
  }
  if (prototype !== Object.prototype && prototype !== null) return BY_JSON;
  const source = value as Readonly<Record<string, unknown>>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    // Assigned, `__proto__` would set the copy's prototype where JSON.parse makes an own property.
    if (key === '__proto__') return BY_JSON;
    const item = walk(source[key], depth + 1);
    if (item === BY_JSON) return BY_JSON;
    if (item !== LEFT_OUT) copy[key] = item;
  }
  return copy;
}
