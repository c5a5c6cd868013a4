import { createRequire } from 'node:module';

/** Node's own require from kafkajs's folder: the one copy of kafkajs the process runs, whoever asks. */
const requireFromKafkajs = createRequire(require.resolve('kafkajs'));

/**
 * The prototype of one of kafkajs's internal classes, for the fixes in this folder that change kafkajs
 * 2.2.4's code (its last release): `path` inside the package (`./src/network/requestQueue`); undefined
 * when the module is not there or one of `methods` is not a function on it, so that a kafkajs that
 * moved the code is left as it is.
 */
export function kafkajsInternal<P extends object>(path: string, methods: readonly (keyof P & string)[]): P | undefined {
  let loaded: { prototype?: P } | undefined;
  try {
    loaded = requireFromKafkajs(path) as { prototype?: P } | undefined;
  } catch {
    return undefined;
  }
  const prototype = loaded?.prototype;
  if (!prototype || methods.some((method) => typeof prototype[method] !== 'function')) return undefined;
  return prototype;
}

/**
 * True the first time the fix named `fix` asks about `prototype` in this process, false after. The
 * mark is a `Symbol.for` on the prototype, so every copy of a fix's module (jest loads one per spec
 * file, kafkajs only once) sees it and a fix that wraps kafkajs's methods wraps them once.
 */
export function firstFixOf(prototype: object, fix: string): boolean {
  const mark = Symbol.for(`leadline:kafkajs:${fix}`);
  if ((prototype as Record<symbol, unknown>)[mark]) return false;
  (prototype as Record<symbol, unknown>)[mark] = true;
  return true;
}
