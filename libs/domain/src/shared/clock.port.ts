/** Where time comes from outside domain code: the system clock in services, virtual time in tests. */
export interface Clock {
  now(): Date;
}
