import type { CustomerManagerStanding } from './customer-success.events';

export interface ManagerLoad {
  readonly managerId: string;
  readonly segments: readonly string[];
  readonly capacity: number;
  /** Active (not churned) customers the manager owns now. */
  readonly clients: number;
}

export interface ManagerChoice {
  readonly managerId: string;
  readonly segmentMatched: boolean;
  readonly pool: readonly CustomerManagerStanding[];
}

/** A manager covers a segment when it lists it or `*`; a customer without a segment is covered by everyone. */
export function coversCustomerSegment(segments: readonly string[], segment: string | null): boolean {
  return segment === null || segments.includes('*') || segments.includes(segment);
}

/**
 * Manager assignment policy (v1):
 * 1. only managers under capacity (clients < capacity) are eligible; a full manager is skipped;
 * 2. among them, those covering the customer's segment; when none does, the fallback is every
 *    eligible manager (recorded as `segmentMatched: false`), so a customer is never left without
 *    a manager while someone has room;
 * 3. fewest clients first; ties broken by the lower share of capacity used, then by manager id
 *    (lexicographic), so the choice is deterministic and replayable from the recorded pool.
 * Returns null when every manager is full (or there are none).
 */
export function chooseCustomerManager(managers: readonly ManagerLoad[], segment: string | null): ManagerChoice | null {
  const eligible = managers.filter((m) => m.clients < m.capacity);
  if (eligible.length === 0) return null;
  const pool: CustomerManagerStanding[] = eligible
    .map((m) => ({
      managerId: m.managerId,
      clients: m.clients,
      capacity: m.capacity,
      segmentMatch: coversCustomerSegment(m.segments, segment),
    }))
    .sort((a, b) => (a.managerId < b.managerId ? -1 : a.managerId > b.managerId ? 1 : 0));
  const matching = pool.filter((m) => m.segmentMatch);
  const candidates = matching.length > 0 ? matching : pool;
  const best = [...candidates].sort(
    (a, b) =>
      a.clients - b.clients ||
      a.clients / a.capacity - b.clients / b.capacity ||
      (a.managerId < b.managerId ? -1 : a.managerId > b.managerId ? 1 : 0),
  )[0];
  return { managerId: best.managerId, segmentMatched: matching.length > 0, pool };
}
