/** Every metrics integration spec runs on both drivers of the one SQL implementation. */
export { DRIVERS, type Driver } from '@leadline/testing';
