/** Every metrics integration spec runs on both drivers of the one SQL implementation. */
export const DRIVERS = ['pg', 'pglite'] as const;
export type Driver = (typeof DRIVERS)[number];
