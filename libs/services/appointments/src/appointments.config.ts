import { AE_ROLES, type AeRole, type BookingMode, type RosterDefaults } from '@leadline/domain';
import { EnvReader, type Environment } from '@leadline/platform';

/** Booking settings, validated at start (README.md lists them). */
export interface AppointmentsConfig {
  readonly roster: RosterDefaults;
  readonly slotMinutes: number;
  /** How far ahead slots are searched, and the least notice before a slot. */
  readonly searchDays: number;
  readonly minNoticeMinutes: number;
  readonly offerLimit: number;
  /** Roles that take first appointments (demo gurus by default). */
  readonly bookingRoles: readonly AeRole[];
  readonly defaultMode: BookingMode;
  /** Segments whose appointments get a sales engineer attached. */
  readonly salesEngineerSegments: readonly string[];
  /** Reminders, minutes before the start (default 24 h and 1 h). */
  readonly reminderMinutes: readonly number[];
  readonly timerPollMs: number;
  /**
   * Whether an explicit hand-over may break strict equality with `override: { reason }` (recorded on
   * the event and counted in the fairness report). Off by default; when on, only sales-ops (or admin)
   * may override (booking.controller.ts).
   */
  readonly fairnessOverrides: boolean;
}

export function loadAppointmentsConfig(env: Environment): AppointmentsConfig {
  const r = new EnvReader(env);
  const roles = r.list('APPOINTMENTS_BOOKING_ROLES', ['demo-guru']);
  const badRoles = roles.filter((role) => !AE_ROLES.includes(role as AeRole));
  if (roles.length === 0 || badRoles.length > 0)
    r.problem(`APPOINTMENTS_BOOKING_ROLES must list roles of ${AE_ROLES.join(', ')} (got ${JSON.stringify(roles.join(','))})`);
  const mode = r.text('APPOINTMENTS_DEFAULT_MODE') ?? 'strict';
  if (mode !== 'strict' && mode !== 'flexible')
    r.problem(`APPOINTMENTS_DEFAULT_MODE must be strict or flexible (got ${JSON.stringify(mode)})`);
  const reminders = r.list('APPOINTMENTS_REMINDER_MINUTES', ['1440', '60']).map((m) => (/^\d+$/.test(m) ? Number(m) : Number.NaN));
  if (reminders.some((m) => !(m >= 1 && m <= 30 * 24 * 60)))
    r.problem('APPOINTMENTS_REMINDER_MINUTES must be a comma list of minutes from 1 to 43200');
  const slotMinutes = r.int('APPOINTMENTS_SLOT_MINUTES', 30, 5, 240);
  const overrides = r.text('APPOINTMENTS_ALLOW_FAIRNESS_OVERRIDE') ?? 'false';
  if (overrides !== 'true' && overrides !== 'false')
    r.problem(`APPOINTMENTS_ALLOW_FAIRNESS_OVERRIDE must be true or false (got ${JSON.stringify(overrides)})`);
  const config: AppointmentsConfig = {
    roster: {
      dailyCap: {
        'demo-guru': r.int('APPOINTMENTS_DEMO_GURU_DAILY_CAP', 5, 1, 100),
        hunter: r.int('APPOINTMENTS_HUNTER_DAILY_CAP', 2, 1, 100),
        'sales-engineer': r.int('APPOINTMENTS_SE_DAILY_CAP', 5, 1, 100),
      },
      hunterOpenDealsCap: r.int('APPOINTMENTS_HUNTER_OPEN_DEALS_CAP', 150, 1, 10_000),
    },
    slotMinutes,
    searchDays: r.int('APPOINTMENTS_SEARCH_DAYS', 10, 1, 90),
    minNoticeMinutes: r.int('APPOINTMENTS_MIN_NOTICE_MINUTES', 60, 0, 7 * 24 * 60),
    offerLimit: r.int('APPOINTMENTS_OFFER_LIMIT', 20, 1, 500),
    bookingRoles: roles as AeRole[],
    defaultMode: mode as BookingMode,
    salesEngineerSegments: r.list('APPOINTMENTS_SE_SEGMENTS', ['enterprise']),
    reminderMinutes: [...new Set(reminders)].sort((a, b) => b - a),
    timerPollMs: r.int('APPOINTMENTS_TIMER_POLL_MS', 1_000, 10, 60_000),
    fairnessOverrides: overrides === 'true',
  };
  return r.done(config);
}
