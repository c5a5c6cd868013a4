import {
  aeDecider,
  peerGroupKey,
  type AeProfile,
  type AeRegistered,
  type AeState,
  type AeTimeOffScheduled,
  type AeUpdated,
} from '@leadline/domain';
import type { RecordedEvent } from '@leadline/event-store';
import type { ReadModelContext } from '../../engine/read-model';
import { iso, type Fact } from '../define-read-model';
import { dataOf } from '../event-data';
import { col, key, RECORDED, upsertRows, type FactTable, type Row } from '../fact-table';

/**
 * Every AE's profile after each roster event, with the booking policy's peer group
 * (`peerGroupKey`: same role, segments, time zone and working hours), so fairness is judged among
 * the AEs the strict rule compares, with the profile they had in the month.
 */
export const AE_PROFILES: FactTable = {
  name: 'ae_profiles',
  insertOnly: true,
  columns: [
    key('event_id'),
    col('ae_id'),
    col('at', 'timestamptz'),
    col('role'),
    col('segments'),
    col('time_zone'),
    col('working_days'),
    col('working_start'),
    col('working_end'),
    col('active', 'boolean'),
    col('peer_group'),
    col('profile'),
    ...RECORDED,
  ],
  indexes: ['ae_id'],
};

/** Leave an AE scheduled (`AeTimeOffScheduled`): not equally available while it lasts. */
export const AE_TIME_OFF: FactTable = {
  name: 'ae_time_off',
  insertOnly: true,
  columns: [
    key('event_id'),
    col('ae_id'),
    col('from_at', 'timestamptz'),
    col('to_at', 'timestamptz'),
    col('at', 'timestamptz'),
    ...RECORDED,
  ],
};

export function aeTimeOffFacts(event: RecordedEvent): Fact[] {
  const d = dataOf<AeTimeOffScheduled>(event);
  return [[AE_TIME_OFF, { event_id: event.id, ae_id: d.aeId, from_at: iso(d.from), to_at: iso(d.to), at: iso(d.at) }]];
}

type ProfileEvent = AeRegistered | AeUpdated;
const isProfileEvent = (event: RecordedEvent): boolean => event.type === 'AeRegistered' || event.type === 'AeUpdated';

/** The peer group of a complete profile; an event written before profiles had hours and segments has none. */
function peerGroupOf(aeId: string, profile: Partial<AeProfile>): string | null {
  const { role, segments, timeZone, workingHours } = profile;
  if (!role || !Array.isArray(segments) || !timeZone || !workingHours || !Array.isArray(workingHours.days)) return null;
  return peerGroupKey({ aeId, profile: profile as AeProfile, timeOff: [] });
}

function profileRow(event: RecordedEvent, aeId: string, at: string | null, profile: Partial<AeProfile>): Row {
  const hours = profile.workingHours;
  return {
    event_id: event.id,
    ae_id: aeId,
    at,
    role: profile.role ?? null,
    segments: Array.isArray(profile.segments) ? [...profile.segments].sort().join(',') : null,
    time_zone: profile.timeZone ?? null,
    working_days: Array.isArray(hours?.days) ? [...hours.days].sort().join(',') : null,
    working_start: hours?.start ?? null,
    working_end: hours?.end ?? null,
    active: profile.active ?? null,
    peer_group: peerGroupOf(aeId, profile),
    profile: JSON.stringify(profile),
    recorded_at: event.recordedAt.toISOString(),
    log_position: Number(event.globalPosition),
  };
}

/**
 * An update names only what changed: each row folds the event onto the AE's profile before it (the
 * roster decider's own `evolve`), read from the rows of earlier batches, so any batch cut gives the
 * same rows.
 */
export async function applyAeProfiles(events: readonly RecordedEvent[], { tx, schema }: ReadModelContext): Promise<void> {
  const mine = events.filter(isProfileEvent);
  if (mine.length === 0) return;
  const ids = [...new Set(mine.map((e) => dataOf<ProfileEvent>(e).aeId))];
  const { rows } = await tx.query<{ ae_id: string; profile: string }>(
    `SELECT DISTINCT ON (ae_id) ae_id, profile FROM ${schema}.ae_profiles
     WHERE ae_id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND log_position < $2
     ORDER BY ae_id, log_position DESC`,
    [JSON.stringify(ids), Number(mine[0].globalPosition)],
  );
  const states = new Map<string, AeState>(
    rows.map((r) => [r.ae_id, { status: 'registered', aeId: r.ae_id, profile: JSON.parse(r.profile) as AeProfile, timeOff: [] }]),
  );
  const written: Row[] = [];
  for (const event of mine) {
    const domainEvent = { type: event.type, data: event.data } as ProfileEvent;
    const { aeId, at } = domainEvent.data;
    const state = aeDecider.evolve(states.get(aeId) ?? aeDecider.initialState(), domainEvent);
    states.set(aeId, state);
    if (state.status === 'registered') written.push(profileRow(event, aeId, iso(at), state.profile));
  }
  await upsertRows(tx, schema, AE_PROFILES, written);
}
