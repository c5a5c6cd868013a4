import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { weekStartUtc, sdrDecider, type SdrCommand, type SdrState } from '@leadline/domain';
import { handleCommand, runInTransaction } from '@leadline/event-store';
import { assertHasRole, assertManagesTeamOf, managesTeamOf, teamScoped, type Principal } from '@leadline/platform';
import { RoutingHandler } from '../routing.tokens';
import { lockRouting } from './roster-snapshot';
import { loadRoster, saveSdr, type RosterEntry } from './roster.repository';
import type { RegisterSdrDto, TimeOffDto, UpdateSdrDto } from './sdr.dto';

/** Roster commands on `sdr-<id>`: the decision and the roster read model commit in one transaction. */
@Injectable()
export class RosterHandler extends RoutingHandler {
  register(dto: RegisterSdrDto): Promise<SdrState> {
    const { sdrId = randomUUID(), ...profile } = dto;
    return this.execute(sdrId, { type: 'RegisterSdr', data: { sdrId, profile, at: this.now() } });
  }

  update(sdrId: string, changes: UpdateSdrDto, caller?: Principal): Promise<SdrState> {
    return this.execute(sdrId, { type: 'UpdateSdr', data: { sdrId, changes: { ...changes }, at: this.now() } }, caller);
  }

  scheduleTimeOff(sdrId: string, dto: TimeOffDto, caller?: Principal): Promise<SdrState> {
    const data = { sdrId, from: dto.from, to: dto.to, reason: dto.reason ?? null, at: this.now() };
    return this.execute(sdrId, { type: 'ScheduleTimeOff', data }, caller);
  }

  /** The roster; a manager (without sales-ops) sees their own team. */
  async list(caller?: Principal): Promise<RosterEntry[]> {
    const roster = await loadRoster(this.store.db, weekStartUtc(this.clock.now()));
    return caller && teamScoped(caller) ? roster.filter((entry) => managesTeamOf(caller, entry.profile.managerEmail)) : roster;
  }

  /** A manager changes only their own team's SDRs, and may not hand one to another manager (sales-ops may). */
  private execute(sdrId: string, command: SdrCommand, caller?: Principal): Promise<SdrState> {
    return runInTransaction(this.store, async (ctx) => {
      // A roster change waits for the routing decisions in flight, so none decides on a roster that changed under it.
      await lockRouting(ctx.tx, 0);
      const decide = (state: SdrState) => {
        if (state.status === 'registered') {
          assertManagesTeamOf(caller, state.profile.managerEmail, `SDR ${sdrId}`);
          const to = command.type === 'UpdateSdr' ? command.data.changes.managerEmail : undefined;
          if (to !== undefined && teamScoped(caller) && !managesTeamOf(caller as Principal, to)) {
            assertHasRole(caller, ['sales-ops'], 'moving an SDR to another manager');
          }
        }
        return sdrDecider.decide(command, state);
      };
      const { newState } = await handleCommand(ctx, `sdr-${sdrId}`, sdrDecider, decide, {
        metadata: { correlationId: sdrId },
      });
      await saveSdr(ctx.tx, newState, command.data.at);
      return newState;
    });
  }
}
