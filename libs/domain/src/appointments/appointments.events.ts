import type { WorkingHours } from '../shared/working-time';

/**
 * Appointments' events of the AE and SE roster, on `ae-<aeId>`, and of a prospect's first
 * appointment, on `appointment-<appointmentId>`. Every event with a lead carries `leadId` in data
 * and metadata; times are ISO-8601 strings that arrive on commands.
 */

export type AeRole = 'demo-guru' | 'hunter' | 'sales-engineer';
export type BookingMode = 'strict' | 'flexible';

export interface AeProfile {
  readonly name: string;
  readonly email: string;
  readonly role: AeRole;
  readonly segments: readonly string[];
  readonly industries: readonly string[];
  readonly workingHours: WorkingHours;
  readonly timeZone: string;
  /** Appointments a day (demo guru default 5; hunter: new appointments a day, default 2). */
  readonly dailyCap: number;
  /** Hunters only: open deals cap (default 150). */
  readonly openDealsCap: number | null;
  readonly active: boolean;
}

export type AeRegistered = { type: 'AeRegistered'; data: { aeId: string; profile: AeProfile; at: string } };
export type AeUpdated = { type: 'AeUpdated'; data: { aeId: string; changes: Partial<AeProfile>; at: string } };
export type AeTimeOffScheduled = { type: 'AeTimeOffScheduled'; data: { aeId: string; from: string; to: string; at: string } };

/** One eligible AE's standing when a booking was decided: the audit trail of fairness. */
export interface FairnessEntry {
  readonly aeId: string;
  readonly monthToDate: number;
  readonly freeSlots: number;
}

export type SlotsOffered = {
  type: 'SlotsOffered';
  data: { appointmentId: string; leadId: string; slots: readonly { aeId: string; start: string; end: string }[]; at: string };
};
export type AppointmentBooked = {
  type: 'AppointmentBooked';
  data: {
    appointmentId: string;
    leadId: string;
    aeId: string;
    salesEngineerId: string | null;
    start: string;
    end: string;
    mode: BookingMode;
    /** Flexible mode: true when the prospect's first choice overrode equality. */
    equalityTraded: boolean;
    /** Calendar month of the credit, `YYYY-MM`. */
    creditMonth: string;
    pool: readonly FairnessEntry[];
    seed: number;
    policyVersion: number;
    /**
     * The request as made: the prospect's acceptable times, first choice first, with the segment and
     * roles booked for, so a back-test can replay it under the other mode; absent on events before this field.
     */
    request?: BookingRequestRecord;
    at: string;
  };
};
export interface BookingRequestRecord {
  readonly acceptable: readonly { readonly start: string; readonly end: string }[];
  readonly segment: string;
  readonly roles: readonly AeRole[];
}
/** An allowed exception to a booking rule, recorded on the event that made it. */
export interface FairnessOverride {
  readonly rule: 'strict-equality';
  readonly reason: string;
}
export type AppointmentRescheduled = {
  type: 'AppointmentRescheduled';
  data: {
    appointmentId: string;
    leadId: string;
    aeId: string;
    fromAeId: string;
    start: string;
    end: string;
    /** The sales engineer at the new time (kept, replaced, or null when none is free); absent on events before this field: unchanged. */
    salesEngineerId?: string | null;
    /** Present only when an explicit hand-over broke strict equality by a recorded, allowed exception. */
    override?: FairnessOverride;
    at: string;
  };
};
export type AppointmentCancelled = {
  type: 'AppointmentCancelled';
  data: { appointmentId: string; leadId: string; aeId: string; reason: string; at: string };
};
export type AppointmentNoShow = { type: 'AppointmentNoShow'; data: { appointmentId: string; leadId: string; aeId: string; at: string } };
export type AppointmentReminderDue = {
  type: 'AppointmentReminderDue';
  data: { appointmentId: string; leadId: string; aeId: string; before: string; start: string; at: string };
};
export type AppointmentHeld = { type: 'AppointmentHeld'; data: { appointmentId: string; leadId: string; aeId: string; at: string } };
export type DemoOutcomeRecorded = {
  type: 'DemoOutcomeRecorded';
  data: {
    appointmentId: string;
    leadId: string;
    aeId: string;
    movedForward: boolean;
    hunterId: string | null;
    note: string | null;
    at: string;
  };
};

export type AeEvent = AeRegistered | AeUpdated | AeTimeOffScheduled;
export type AppointmentEvent =
  | SlotsOffered
  | AppointmentBooked
  | AppointmentRescheduled
  | AppointmentCancelled
  | AppointmentNoShow
  | AppointmentReminderDue
  | AppointmentHeld
  | DemoOutcomeRecorded;
