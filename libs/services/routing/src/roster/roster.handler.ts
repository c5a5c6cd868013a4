import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { weekStartUtc, sdrDecider, type SdrCommand, type SdrState } from '@leadline/domain';
import { handleCommand, runInTransaction } from '@leadline/event-store';
import { RoutingHandler } from '../routing.tokens';
import { loadRoster, saveSdr, type RosterEntry } from './roster.repository';
import type { RegisterSdrDto, TimeOffDto, UpdateSdrDto } from './sdr.dto';

/** Roster commands on `sdr-<id>`: the decision and the roster read model commit in one transaction. */
@Injectable()
export class RosterHandler extends RoutingHandler {
  register(dto: RegisterSdrDto): Promise<SdrState> {
    const { sdrId = randomUUID(), ...profile } = dto;
    return this.execute(sdrId, { type: 'RegisterSdr', data: { sdrId, profile, at: this.now() } });
  }

  update(sdrId: string, changes: UpdateSdrDto): Promise<SdrState> {
    return this.execute(sdrId, { type: 'UpdateSdr', data: { sdrId, changes: { ...changes }, at: this.now() } });
  }

  scheduleTimeOff(sdrId: string, dto: TimeOffDto): Promise<SdrState> {
    return this.execute(sdrId, {
      type: 'ScheduleTimeOff',
      data: { sdrId, from: dto.from, to: dto.to, reason: dto.reason ?? null, at: this.now() },
    });
  }

  list(): Promise<RosterEntry[]> {
    return loadRoster(this.store.db, weekStartUtc(this.clock.now()));
  }

  private execute(sdrId: string, command: SdrCommand): Promise<SdrState> {
    return runInTransaction(this.store, async (ctx) => {
      const { newState } = await handleCommand(ctx, `sdr-${sdrId}`, sdrDecider, (state) => sdrDecider.decide(command, state), {
        metadata: { correlationId: sdrId },
      });
      await saveSdr(ctx.tx, newState, command.data.at);
      return newState;
    });
  }
}
