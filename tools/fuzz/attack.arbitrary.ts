import fc from 'fast-check';

/** The classes of input that got 500s before the edge was hardened (issue 11), plus raw-body garbage. */
export type Attack = 'none' | 'deep' | 'nul' | 'lone-surrogate' | 'prototype-key' | 'missing-nested' | 'huge-string' | 'raw';

export interface AttackPlan {
  readonly attack: Attack;
  /** Picks the node the attack lands on (index modulo the candidates). */
  readonly at: number;
  readonly depth: number;
  readonly size: number;
  readonly key: '__proto__' | 'constructor' | 'prototype';
  readonly raw: string;
}

const RAW_BODIES = ['', '{', '{"a":', 'null', '[]', '"text"', '123', '{"a":1}{"b":2}', '\u0000', 'NaN', '{"a":NaN}', '\ufeff{}'];

export const attackPlan: fc.Arbitrary<AttackPlan> = fc.record({
  attack: fc.oneof(
    { weight: 8, arbitrary: fc.constant<Attack>('none') },
    ...(['deep', 'nul', 'lone-surrogate', 'prototype-key', 'missing-nested'] as const).map((attack) => ({
      weight: 2,
      arbitrary: fc.constant<Attack>(attack),
    })),
    { weight: 1, arbitrary: fc.constant<Attack>('huge-string') },
    { weight: 1, arbitrary: fc.constant<Attack>('raw') },
  ),
  at: fc.nat(),
  depth: fc.oneof(fc.integer({ min: 33, max: 200 }), fc.integer({ min: 1_000, max: 20_000 })),
  size: fc.oneof(fc.constant(99_000), fc.integer({ min: 90_000, max: 120_000 })),
  key: fc.constantFrom('__proto__' as const, 'constructor' as const, 'prototype' as const),
  raw: fc.constantFrom(...RAW_BODIES),
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Slot {
  readonly parent: Json[] | { [key: string]: Json } | null;
  readonly key: string | number;
  readonly value: Json;
}

/** Every place in a value (its root included) that holds an object or a string. */
function slots(root: Json): Slot[] {
  const found: Slot[] = [{ parent: null, key: '', value: root }];
  for (let i = 0; i < found.length; i++) {
    const { value } = found[i];
    if (value === null || typeof value !== 'object') continue;
    for (const [key, child] of Object.entries(value)) {
      if (child !== null && (typeof child === 'object' || typeof child === 'string')) {
        found.push({ parent: value, key: Array.isArray(value) ? Number(key) : key, value: child });
      }
    }
  }
  return found;
}

function put(slot: Slot, value: Json): Json | undefined {
  if (!slot.parent) return value;
  (slot.parent as Record<string | number, Json>)[slot.key] = value;
  return undefined;
}

const PLACEHOLDER = '\u0001fuzz-placeholder\u0001';

/** The request body text for a generated value with an attack applied. */
export function bodyText(value: unknown, plan: AttackPlan): string {
  if (plan.attack === 'raw') return plan.raw;
  let root = structuredClone(value) as Json;
  const all = slots(root);
  const objects = all.filter((s) => s.value !== null && typeof s.value === 'object' && !Array.isArray(s.value));
  const strings = all.filter((s) => typeof s.value === 'string');
  const pick = <T>(candidates: readonly T[]): T | undefined => (candidates.length ? candidates[plan.at % candidates.length] : undefined);
  switch (plan.attack) {
    case 'deep': {
      const target = pick(all.filter((s) => s.parent !== null)) ?? all[0];
      root = put(target, PLACEHOLDER) ?? root;
      // Built as text: JSON.stringify of a value this deep would overflow the fuzzer's own stack.
      const nested = `${'['.repeat(plan.depth)}${']'.repeat(plan.depth)}`;
      return JSON.stringify(root).replace(JSON.stringify(PLACEHOLDER), nested);
    }
    case 'nul':
    case 'lone-surrogate': {
      const bad = plan.attack === 'nul' ? 'a\u0000b' : 'half \ud83d';
      const target = pick(strings);
      if (target) root = put(target, `${target.value as string}${bad}`) ?? root;
      else if (objects[0]) (objects[0].value as Record<string, Json>).note = bad;
      return JSON.stringify(root);
    }
    case 'prototype-key': {
      const target = pick(objects);
      if (!target) return JSON.stringify({ [plan.key]: { polluted: true } });
      // defineProperty: an own "__proto__" key, as JSON.parse makes it on the server.
      Object.defineProperty(target.value, plan.key, { value: { polluted: true }, enumerable: true, configurable: true, writable: true });
      return JSON.stringify(root);
    }
    case 'missing-nested': {
      // A nested DTO: an object held by a property (not an array, not an array element).
      const nested = all.filter(
        (s) => s.parent !== null && !Array.isArray(s.parent) && s.value !== null && typeof s.value === 'object' && !Array.isArray(s.value),
      );
      const target = pick(nested);
      if (target) {
        const choice = plan.at % 3;
        if (choice === 0) delete (target.parent as Record<string, Json>)[target.key];
        else put(target, choice === 1 ? null : 'not an object');
      }
      return JSON.stringify(root);
    }
    case 'huge-string': {
      const huge = '1'.repeat(plan.size);
      const target = pick(strings);
      if (target) root = put(target, huge) ?? root;
      else if (objects[0]) (objects[0].value as Record<string, Json>).phone = huge;
      return JSON.stringify(root);
    }
    default:
      return JSON.stringify(root);
  }
}
