import type { SdrCandidate } from '../routing/assignment.policy';
import type { SdrEvent, SdrTeam } from '../routing/routing.events';
import { sdrDecider, type SdrState } from '../routing/sdr.decider';
import { weekStartUtc } from '../shared/calendar';

interface Load {
  open: number;
  last: string | null;
  /** Assignments per UTC week start (ms): what the read model's weekly capacity count sees. */
  readonly weeks: Map<number, number>;
}

/**
 * The roster and each SDR's load as routing's read model keeps them (`routing.sdrs` and
 * `routing.assignment_log`): profiles and time off folded by the SDR decider, open leads up on an
 * assignment and down when a lead is closed or moved away, assignments per UTC week, the last
 * assignment. A replay keeps one per policy, so a candidate sees the load its own choices made.
 */
export class RoutingLedger {
  private readonly roster = new Map<string, Extract<SdrState, { status: 'registered' }>>();
  private readonly loads = new Map<string, Load>();

  applyRoster(event: SdrEvent): void {
    const state = sdrDecider.evolve(this.roster.get(event.data.sdrId) ?? sdrDecider.initialState(), event);
    if (state.status === 'registered') this.roster.set(state.sdrId, state);
  }

  /** The roster of a team with loads, as `loadRoster` reads it for a decision at `at`. */
  candidates(team: SdrTeam, at: string): SdrCandidate[] {
    const week = weekStartUtc(at).getTime();
    return [...this.roster.values()]
      .filter((s) => s.profile.team === team)
      .sort((a, b) => (a.sdrId < b.sdrId ? -1 : 1))
      .map((s) => {
        const load = this.loads.get(s.sdrId);
        return {
          sdrId: s.sdrId,
          profile: s.profile,
          timeOff: s.timeOff,
          openLeads: load?.open ?? 0,
          assignedThisWeek: load?.weeks.get(week) ?? 0,
          lastAssignedAt: load?.last ?? null,
        };
      });
  }

  sdrIds(team: SdrTeam): string[] {
    return [...this.roster.values()].filter((s) => s.profile.team === team).map((s) => s.sdrId);
  }

  profileOf(sdrId: string): SdrState | undefined {
    return this.roster.get(sdrId);
  }

  /** A lead assigned to the SDR at `at`; `counted: false` only reopens a lead's open load (no new assignment). */
  assign(sdrId: string, at: string, counted = true): void {
    const load = this.load(sdrId);
    load.open++;
    if (!counted) return;
    const week = weekStartUtc(at).getTime();
    load.last = at;
    load.weeks.set(week, (load.weeks.get(week) ?? 0) + 1);
  }

  /** A lead closed (qualified, disqualified) or moved to another SDR: it leaves the open load, never below zero. */
  release(sdrId: string): void {
    const load = this.load(sdrId);
    load.open = Math.max(0, load.open - 1);
  }

  private load(sdrId: string): Load {
    let load = this.loads.get(sdrId);
    if (!load) {
      load = { open: 0, last: null, weeks: new Map() };
      this.loads.set(sdrId, load);
    }
    return load;
  }
}
