/** A time column as the domain and the API carry it, a UTC ISO string; the drivers hand back a Date or a string. */
export function isoTime(value: Date | string | null | undefined): string | null {
  return value === null || value === undefined ? null : new Date(value).toISOString();
}
