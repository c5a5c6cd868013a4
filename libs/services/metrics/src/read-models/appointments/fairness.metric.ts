import type { SqlExecutor } from '@leadline/event-store';
import { foldAsOf, known, runMetric, windowParams, type MetricWindow } from '../metric-sql';
import { APPOINTMENT_FACTS } from './appointments.read-model';

/**
 * Distribution fairness per credit month (months whose first day lies in the window), judged where
 * the strict rule applies: per peer group of equally available booking AEs. An AE's peer group is
 * the booking policy's (`peerGroupKey`: role, segments, time zone, working hours) of the profile
 * they had at the month's end (or at `as_of`, if earlier). Equally available: active, on the roster
 * from the month's start, and no leave overlapping the month; the others of the group are set
 * aside (listed with their credits and why, outside the group's figures). Credits: first
 * appointments of the month, following a reschedule to its new AE and lost on a no-show or
 * cancellation, all as of `as_of` as known at `known_at`. Per group (`level` peer-group; groups
 * without a booking in the month are left out): spread = max − min; Jain's index = (Σx)² / (n·Σx²),
 * 1 when every AE has the same count, 1/n when one AE has all. Per month (`level` roster, the
 * secondary figure): the same over every member of those groups, available or not. Overrides:
 * hand-overs of the month's appointments to a member that broke strict equality by a recorded,
 * allowed exception (`AppointmentRescheduled.override`), set-aside members included.
 * $1 as_of, $2 known_at, $3 from, $4 to, $5 peer group filter.
 */
export const FAIRNESS_SQL = `WITH appointments AS (
  ${foldAsOf(APPOINTMENT_FACTS, ['booked_at', 'credit_month', 'ae_id', 'no_show_at', 'cancelled_at', 'equality_traded'])}
), appts AS (
  SELECT p.appointment_id, p.credit_month, p.ae_id AS holder,
         p.no_show_at IS NULL AND p.cancelled_at IS NULL AS credited,
         COALESCE(p.equality_traded, false) AS equality_traded
  FROM appointments p
  WHERE p.booked_at IS NOT NULL
    AND ((p.credit_month || '-01')::timestamp AT TIME ZONE 'UTC') >= $3::timestamptz
    AND ((p.credit_month || '-01')::timestamp AT TIME ZONE 'UTC') < $4::timestamptz
), overrides AS (
  SELECT a.credit_month, r.ae_id, count(*) AS n
  FROM metrics.appointment_reschedules r JOIN appts a ON a.appointment_id = r.appointment_id
  WHERE r.override_reason IS NOT NULL AND r.at <= $1::timestamptz AND ${known('r')}
  GROUP BY a.credit_month, r.ae_id
), months AS (
  SELECT DISTINCT credit_month,
         ((credit_month || '-01')::timestamp AT TIME ZONE 'UTC') AS starts,
         (((credit_month || '-01')::timestamp + interval '1 month') AT TIME ZONE 'UTC') AS ends
  FROM appts
), profiles AS (
  SELECT DISTINCT ON (m.credit_month, r.ae_id) m.credit_month, r.ae_id, r.role, r.active, r.peer_group,
         min(r.at) OVER (PARTITION BY m.credit_month, r.ae_id) AS registered_at
  FROM months m JOIN metrics.ae_profiles r ON r.at < m.ends AND r.at <= $1::timestamptz AND ${known('r')}
  ORDER BY m.credit_month, r.ae_id, r.at DESC, r.log_position DESC
), candidates AS (
  SELECT credit_month, ae_id FROM profiles WHERE role IN ('demo-guru', 'hunter')
  UNION
  SELECT credit_month, holder FROM appts
), members AS (
  SELECT c.credit_month, c.ae_id, p.peer_group,
         CASE WHEN p.active IS NOT DISTINCT FROM false THEN 'inactive'
              WHEN p.registered_at > m.starts THEN 'joined'
              WHEN EXISTS (SELECT 1 FROM metrics.ae_time_off o
                           WHERE o.ae_id = c.ae_id AND o.at <= $1::timestamptz AND ${known('o')}
                             AND o.from_at < m.ends AND o.to_at > m.starts) THEN 'on-leave' END AS set_aside,
         count(a.appointment_id) AS booked,
         count(a.appointment_id) FILTER (WHERE a.credited) AS credited,
         count(a.appointment_id) FILTER (WHERE a.equality_traded) AS equality_traded,
         COALESCE((SELECT o.n FROM overrides o WHERE o.credit_month = c.credit_month AND o.ae_id = c.ae_id), 0) AS overrides
  FROM candidates c
  JOIN months m ON m.credit_month = c.credit_month
  LEFT JOIN profiles p ON p.credit_month = c.credit_month AND p.ae_id = c.ae_id
  LEFT JOIN appts a ON a.credit_month = c.credit_month AND a.holder = c.ae_id
  GROUP BY c.credit_month, c.ae_id, p.peer_group, p.active, p.registered_at, m.starts, m.ends
), groups AS (
  SELECT credit_month, peer_group FROM members GROUP BY credit_month, peer_group HAVING sum(booked) > 0
), judged AS (
  SELECT 'peer-group' AS level, m.*
  FROM members m JOIN groups g ON g.credit_month = m.credit_month AND g.peer_group IS NOT DISTINCT FROM m.peer_group
  WHERE $5::text IS NULL OR m.peer_group = $5::text
  UNION ALL
  SELECT 'roster', m.credit_month, m.ae_id, NULL, NULL, m.booked, m.credited, m.equality_traded, m.overrides
  FROM members m JOIN groups g ON g.credit_month = m.credit_month AND g.peer_group IS NOT DISTINCT FROM m.peer_group
)
SELECT credit_month AS month, level, peer_group,
       count(*) FILTER (WHERE set_aside IS NULL)::int AS aes,
       COALESCE(sum(booked) FILTER (WHERE set_aside IS NULL), 0)::int AS booked,
       COALESCE(sum(credited) FILTER (WHERE set_aside IS NULL), 0)::int AS credited,
       (min(credited) FILTER (WHERE set_aside IS NULL))::int AS min_credited,
       (max(credited) FILTER (WHERE set_aside IS NULL))::int AS max_credited,
       (max(credited) FILTER (WHERE set_aside IS NULL) - min(credited) FILTER (WHERE set_aside IS NULL))::int AS spread,
       (power(sum(credited) FILTER (WHERE set_aside IS NULL), 2)
         / NULLIF(count(*) FILTER (WHERE set_aside IS NULL) * sum(power(credited, 2)) FILTER (WHERE set_aside IS NULL), 0))::float8 AS jain_index,
       COALESCE(sum(equality_traded) FILTER (WHERE set_aside IS NULL), 0)::int AS equality_traded,
       COALESCE(sum(overrides), 0)::int AS overrides,
       COALESCE(jsonb_object_agg(ae_id, credited) FILTER (WHERE set_aside IS NULL), '{}'::jsonb) AS credited_by_ae,
       COALESCE(jsonb_object_agg(ae_id, jsonb_build_object('credited', credited, 'reason', set_aside)) FILTER (WHERE set_aside IS NOT NULL),
                '{}'::jsonb) AS set_aside
FROM judged
GROUP BY credit_month, level, peer_group
ORDER BY credit_month, level, peer_group NULLS FIRST`;

export interface FairnessParams extends MetricWindow {
  /** Only this peer group (a `peerGroupKey`); the roster rows stay. */
  readonly peerGroup?: string;
}

export interface SetAsideAe {
  readonly credited: number;
  readonly reason: 'inactive' | 'joined' | 'on-leave';
}

export interface FairnessRow {
  readonly month: string;
  readonly level: 'peer-group' | 'roster';
  readonly peer_group: string | null;
  readonly aes: number;
  readonly booked: number;
  readonly credited: number;
  readonly min_credited: number | null;
  readonly max_credited: number | null;
  readonly spread: number | null;
  readonly jain_index: number | null;
  readonly equality_traded: number;
  /** Hand-overs to the group's members that broke strict equality by a recorded override (set-aside members included). */
  readonly overrides: number;
  readonly credited_by_ae: Readonly<Record<string, number>>;
  readonly set_aside: Readonly<Record<string, SetAsideAe>>;
}

export function fairness(db: SqlExecutor, p: FairnessParams): Promise<FairnessRow[]> {
  return runMetric(db, FAIRNESS_SQL, p.schema, [...windowParams(p), p.peerGroup ?? null]);
}
