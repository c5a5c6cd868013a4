import { CREDIT_RETURNING_STATUSES, type AeProfile, type AeState, type AeTimeOff, type RosterAe } from '@leadline/domain';
import { isoTime, type SqlExecutor } from '@leadline/event-store';
import { upsertRosterMember } from '@leadline/platform';

interface AeRow {
  ae_id: string;
  profile: AeProfile;
  time_off: AeTimeOff[];
  open_deals: number;
  updated_at: Date | string;
}

export interface RosterEntry extends RosterAe {
  readonly openDeals: number;
  /** First appointments (AEs) or attachments (SEs) credited this calendar month. */
  readonly monthToDate: number;
  readonly updatedAt: string | null;
}

/** The roster read model in `appointments.aes`, written in the same transaction as the AE's events. */
export async function saveAe(tx: SqlExecutor, state: AeState, at: string): Promise<void> {
  if (state.status !== 'registered') return;
  await upsertRosterMember(tx, { table: 'appointments.aes', idColumn: 'ae_id' }, state.aeId, state, at);
}

/**
 * Credits per AE (`ae_id`: while `credited`) and per SE (`se_id`: the domain's SE credit rule,
 * `salesEngineerCredited`: a booked appointment not in a credit-returning status) in a month.
 */
export async function monthToDate(tx: SqlExecutor, month: string): Promise<Record<string, number>> {
  const { rows } = await tx.query<{ id: string; n: string | number }>(
    `select id, count(*) as n from (
       select ae_id as id from appointments.appointments where credited and credit_month = $1
       union all
       select se_id as id from appointments.appointments where se_id is not null and credit_month = $1 and status <> all($2::text[])
     ) c where id is not null group by id`,
    [month, [...CREDIT_RETURNING_STATUSES]],
  );
  return Object.fromEntries(rows.map((r) => [r.id, Number(r.n)]));
}

export async function loadRoster(tx: SqlExecutor, month: string): Promise<RosterEntry[]> {
  const { rows } = await tx.query<AeRow>('select ae_id, profile, time_off, open_deals, updated_at from appointments.aes order by ae_id');
  const credits = await monthToDate(tx, month);
  return rows.map((row) => ({
    aeId: row.ae_id,
    profile: row.profile,
    timeOff: row.time_off,
    openDeals: row.open_deals,
    monthToDate: credits[row.ae_id] ?? 0,
    updatedAt: isoTime(row.updated_at),
  }));
}
