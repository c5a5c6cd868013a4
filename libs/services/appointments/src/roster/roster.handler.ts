import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { aeDecider, creditMonthOf, type AeCommand, type AeState } from '@leadline/domain';
import { handleCommand, runInTransaction } from '@leadline/event-store';
import { AppointmentsHandler } from '../appointments.tokens';
import type { AeTimeOffDto, RegisterAeDto, UpdateAeDto } from './ae.dto';
import { loadRoster, saveAe, type RosterEntry } from './roster.repository';

/** Roster commands on `ae-<id>`: the decision and the roster read model commit in one transaction. */
@Injectable()
export class RosterHandler extends AppointmentsHandler {
  register(dto: RegisterAeDto): Promise<AeState> {
    const { aeId = randomUUID(), ...profile } = dto;
    return this.execute(aeId, { type: 'RegisterAe', data: { aeId, profile, defaults: this.config.roster, at: this.now() } });
  }

  update(aeId: string, changes: UpdateAeDto): Promise<AeState> {
    return this.execute(aeId, { type: 'UpdateAe', data: { aeId, changes: { ...changes }, at: this.now() } });
  }

  scheduleTimeOff(aeId: string, dto: AeTimeOffDto): Promise<AeState> {
    return this.execute(aeId, { type: 'ScheduleAeTimeOff', data: { aeId, from: dto.from, to: dto.to, at: this.now() } });
  }

  list(): Promise<RosterEntry[]> {
    return loadRoster(this.store.db, creditMonthOf(this.clock.now()));
  }

  private execute(aeId: string, command: AeCommand): Promise<AeState> {
    return runInTransaction(this.store, async (ctx) => {
      const { newState } = await handleCommand(ctx, `ae-${aeId}`, aeDecider, (state) => aeDecider.decide(command, state), {
        metadata: { correlationId: aeId },
      });
      await saveAe(ctx.tx, newState, command.data.at);
      return newState;
    });
  }
}
