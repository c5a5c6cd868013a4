import type {
  AeRegistered,
  AeUpdated,
  AppointmentBooked,
  AppointmentCancelled,
  AppointmentHeld,
  AppointmentNoShow,
  AppointmentRescheduled,
  DemoOutcomeRecorded,
} from '@leadline/domain';
import type { RecordedEvent } from '@leadline/event-store';
import { defineReadModel, iso, type Fact } from '../define-read-model';
import { dataOf } from '../event-data';
import { atMin, col, first, keep, key, latest, RECORDED, type FactTable, type Row } from '../fact-table';
import type { HistoryTable } from '../history-table';
import type { ReadModel } from '../../engine/read-model';
import { AE_PROFILES, AE_TIME_OFF, aeTimeOffFacts, applyAeProfiles } from './ae-profiles';

/** Account executives (demo gurus, hunters) and sales engineers: latest known profile values. */
export const AES: FactTable = {
  name: 'aes',
  columns: [
    key('ae_id'),
    latest('name'),
    latest('role'),
    latest('daily_cap', 'integer'),
    latest('active', 'boolean'),
    first('registered_at'),
  ],
};

/**
 * Every appointment's history (`appointment_facts`) and, folded, the appointment (`appointments`):
 * how it was booked (first AE, fairness credit month, mode), where it stands (AE, sales engineer and
 * time after reschedules, as of T) and when it was held, missed, cancelled or had its demo outcome.
 */
export const APPOINTMENT_FACTS: HistoryTable = {
  name: 'appointment_facts',
  view: 'appointments',
  keys: ['appointment_id'],
  columns: [
    keep('lead_id'),
    first('booked_at'),
    atMin('booked_ae_id', 'booked_at'),
    atMin('mode', 'booked_at'),
    atMin('equality_traded', 'booked_at', 'boolean'),
    atMin('credit_month', 'booked_at'),
    atMin('booked_se_id', 'booked_at'),
    latest('changed_at', 'timestamptz'),
    latest('ae_id', 'text', 'changed_at'),
    latest('start_at', 'timestamptz', 'changed_at'),
    latest('end_at', 'timestamptz', 'changed_at'),
    latest('se_changed_at', 'timestamptz'),
    latest('se_id', 'text', 'se_changed_at'),
    first('held_at'),
    first('no_show_at'),
    first('cancelled_at'),
    atMin('cancel_reason', 'cancelled_at'),
    first('outcome_at'),
    atMin('moved_forward', 'outcome_at', 'boolean'),
    atMin('hunter_id', 'outcome_at'),
  ],
};

/**
 * Every reschedule or reassignment: the credit moves with it to the new AE (`se_changed` when it
 * named the sales engineer; `override_reason` when it was an allowed exception to strict equality).
 */
export const APPOINTMENT_RESCHEDULES: FactTable = {
  name: 'appointment_reschedules',
  insertOnly: true,
  columns: [
    key('event_id'),
    col('appointment_id'),
    col('lead_id'),
    col('from_ae_id'),
    col('ae_id'),
    col('se_changed', 'boolean'),
    col('se_id'),
    col('start_at', 'timestamptz'),
    col('end_at', 'timestamptz'),
    /** Set when an explicit hand-over broke strict equality by a recorded exception (`AppointmentRescheduled.override`). */
    col('override_reason'),
    col('at', 'timestamptz'),
    ...RECORDED,
  ],
  indexes: ['appointment_id'],
};

const appointment = (appointmentId: string, at: string | null, row: Row): Fact => [
  APPOINTMENT_FACTS,
  { appointment_id: appointmentId, at, ...row },
];

function bookedFacts(d: AppointmentBooked['data']): Fact {
  const at = iso(d.at);
  const booking = {
    booked_at: at,
    booked_ae_id: d.aeId,
    mode: d.mode,
    equality_traded: d.equalityTraded,
    credit_month: d.creditMonth,
    booked_se_id: d.salesEngineerId,
  };
  const current = {
    changed_at: at,
    ae_id: d.aeId,
    start_at: iso(d.start),
    end_at: iso(d.end),
    se_changed_at: at,
    se_id: d.salesEngineerId,
  };
  return appointment(d.appointmentId, at, { lead_id: d.leadId, ...booking, ...current });
}

function rescheduledFacts(event: RecordedEvent, d: AppointmentRescheduled['data']): Fact[] {
  const at = iso(d.at);
  const seChanged = d.salesEngineerId !== undefined;
  const se = seChanged ? { se_changed_at: at, se_id: d.salesEngineerId ?? null } : {};
  const moved = { start_at: iso(d.start), end_at: iso(d.end), at };
  return [
    appointment(d.appointmentId, at, {
      lead_id: d.leadId,
      changed_at: at,
      ae_id: d.aeId,
      start_at: moved.start_at,
      end_at: moved.end_at,
      ...se,
    }),
    [
      APPOINTMENT_RESCHEDULES,
      {
        event_id: event.id,
        appointment_id: d.appointmentId,
        lead_id: d.leadId,
        from_ae_id: d.fromAeId,
        ae_id: d.aeId,
        se_changed: seChanged,
        se_id: d.salesEngineerId ?? null,
        override_reason: d.override?.reason ?? null,
        ...moved,
      },
    ],
  ];
}

function appointmentFacts(event: RecordedEvent): readonly Fact[] {
  switch (event.type) {
    case 'AeRegistered': {
      const { aeId, profile: p, at } = dataOf<AeRegistered>(event);
      return [[AES, { ae_id: aeId, name: p.name, role: p.role, daily_cap: p.dailyCap, active: p.active, registered_at: iso(at) }]];
    }
    case 'AeUpdated': {
      const { aeId, changes: c } = dataOf<AeUpdated>(event);
      return [[AES, { ae_id: aeId, name: c.name, role: c.role, daily_cap: c.dailyCap, active: c.active }]];
    }
    case 'AppointmentBooked':
      return [bookedFacts(dataOf<AppointmentBooked>(event))];
    case 'AppointmentRescheduled':
      return rescheduledFacts(event, dataOf<AppointmentRescheduled>(event));
    case 'AppointmentHeld': {
      const d = dataOf<AppointmentHeld>(event);
      const at = iso(d.at);
      return [appointment(d.appointmentId, at, { lead_id: d.leadId, held_at: at })];
    }
    case 'AppointmentNoShow': {
      const d = dataOf<AppointmentNoShow>(event);
      const at = iso(d.at);
      return [appointment(d.appointmentId, at, { lead_id: d.leadId, no_show_at: at })];
    }
    case 'AppointmentCancelled': {
      const d = dataOf<AppointmentCancelled>(event);
      const at = iso(d.at);
      return [appointment(d.appointmentId, at, { lead_id: d.leadId, cancelled_at: at, cancel_reason: d.reason })];
    }
    case 'DemoOutcomeRecorded': {
      const d = dataOf<DemoOutcomeRecorded>(event);
      const at = iso(d.at);
      return [
        appointment(d.appointmentId, at, { lead_id: d.leadId, outcome_at: at, moved_forward: d.movedForward, hunter_id: d.hunterId }),
      ];
    }
    case 'AeTimeOffScheduled':
      return aeTimeOffFacts(event);
    default:
      return [];
  }
}

const FACTS = defineReadModel({
  name: 'appointments',
  tables: [AES, AE_PROFILES, AE_TIME_OFF, APPOINTMENT_FACTS, APPOINTMENT_RESCHEDULES],
  eventTypes: [
    'AeRegistered',
    'AeUpdated',
    'AeTimeOffScheduled',
    'AppointmentBooked',
    'AppointmentRescheduled',
    'AppointmentHeld',
    'AppointmentNoShow',
    'AppointmentCancelled',
    'DemoOutcomeRecorded',
  ],
  facts: appointmentFacts,
});

/** The appointments' facts, and each AE's profile history with its peer group (folded with the profile before it). */
export const APPOINTMENTS_READ_MODEL: ReadModel = {
  ...FACTS,
  async apply(events, ctx) {
    await FACTS.apply(events, ctx);
    await applyAeProfiles(events, ctx);
  },
};
