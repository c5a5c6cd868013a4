import { registerDecorator, type ValidationOptions } from 'class-validator';

const MAX_KEYS = 50;
const MAX_STRING = 2000;

function isFlatAttributes(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length <= MAX_KEYS &&
    entries.every(
      ([key, v]) =>
        key.length > 0 &&
        key.length <= 100 &&
        (v === null ||
          typeof v === 'boolean' ||
          (typeof v === 'number' && Number.isFinite(v)) ||
          (typeof v === 'string' && v.length <= MAX_STRING)),
    )
  );
}

/** A flat object of at most 50 string, number, boolean or null values: attributes are kept, never interpreted. */
export function IsFlatAttributes(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isFlatAttributes',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `attributes must be an object of at most ${MAX_KEYS} string, number, boolean or null values`,
        ...options,
      },
      validator: { validate: isFlatAttributes },
    });
}
