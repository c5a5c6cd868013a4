import type { CustomerManagerState, ManagerLoad } from '@leadline/domain';
import type { SqlExecutor } from '@leadline/event-store';

export interface ManagerEntry extends ManagerLoad {
  readonly name: string;
  readonly email: string;
  readonly registeredAt: string;
}

interface Row {
  manager_id: string;
  name: string;
  email: string;
  segments: string[] | string;
  capacity: number;
  registered_at: Date | string;
  clients: string | number;
}

export async function saveManager(tx: SqlExecutor, state: CustomerManagerState): Promise<void> {
  if (state.status !== 'registered') return;
  await tx.query(
    `insert into customer_success.managers (manager_id, name, email, segments, capacity, registered_at) values ($1, $2, $3, $4, $5, $6)
     on conflict (manager_id) do update set name = excluded.name, email = excluded.email, segments = excluded.segments, capacity = excluded.capacity`,
    [state.managerId, state.name, state.email, JSON.stringify(state.segments), state.capacity, state.registeredAt],
  );
}

/** The roster with each manager's clients: active (not churned) customers they own now. */
export async function loadManagers(tx: SqlExecutor): Promise<ManagerEntry[]> {
  const { rows } = await tx.query<Row>(
    `select m.manager_id, m.name, m.email, m.segments, m.capacity, m.registered_at,
            (select count(*) from customer_success.customers c where c.manager_id = m.manager_id and c.status = 'active') as clients
       from customer_success.managers m order by m.manager_id`,
  );
  return rows.map((r) => ({
    managerId: r.manager_id,
    name: r.name,
    email: r.email,
    segments: typeof r.segments === 'string' ? (JSON.parse(r.segments) as string[]) : r.segments,
    capacity: r.capacity,
    clients: Number(r.clients),
    registeredAt: new Date(r.registered_at).toISOString(),
  }));
}

/** Serialises manager choices (subscription and roster changes), so two choices never both take a manager's last place. */
export async function lockAssignments(tx: SqlExecutor): Promise<void> {
  await tx.query(`select pg_advisory_xact_lock(hashtext('leadline.customer-success.assign'))`);
}
