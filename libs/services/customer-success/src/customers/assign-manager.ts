import { chooseCustomerManager } from '@leadline/domain';
import type { SqlExecutor } from '@leadline/event-store';
import { loadManagers, lockAssignments } from '../managers/managers.repository';
import type { CustomerSession } from './customer.session';

/**
 * Picks the customer's manager by policy (fewest clients among those under capacity covering the
 * segment; fallback any segment) and decides the assignment. Returns false when every manager is full:
 * the customer waits, and registering a manager assigns it. The caller holds `lockAssignments`.
 */
export async function assignManager(tx: SqlExecutor, session: CustomerSession, at: string, id?: string): Promise<boolean> {
  const state = session.state;
  if (state.status !== 'active' || state.managerId !== null) return false;
  const choice = chooseCustomerManager(await loadManagers(tx), state.segment);
  if (!choice) return false;
  session.decide({ type: 'AssignCustomerManager', data: { customerId: session.customerId, choice, at } }, id);
  return true;
}

export { lockAssignments };
