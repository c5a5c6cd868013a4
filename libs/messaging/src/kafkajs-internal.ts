import { createRequire } from 'node:module';

/** A require from kafkajs's folder: the copy of kafkajs that `import 'kafkajs'` gives this module. */
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
 * True the first time the fix named `fix` asks about `prototype`, false after. The mark is a
 * `Symbol.for` on the prototype, so a second copy of a fix's module beside the same kafkajs (another
 * build of this library in the process) sees it too, and a fix that wraps kafkajs's methods wraps
 * them once. (Under jest, whose `createRequire` is its own, each spec file has its own kafkajs.)
 */
export function firstFixOf(prototype: object, fix: string): boolean {
  const mark = Symbol.for(`leadline:kafkajs:${fix}`);
  if ((prototype as Record<symbol, unknown>)[mark]) return false;
  (prototype as Record<symbol, unknown>)[mark] = true;
  return true;
}
