import { Controller, Get, Inject, NotFoundException, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { explainDecision, replayDecision, type AssignmentDecision, type LeadAssigned, type LeadReassigned } from '@leadline/domain';
import { EVENT_STORE, type EventStore } from '@leadline/event-store';

interface ExplainedStep {
  readonly eventId: string;
  readonly type: 'LeadAssigned' | 'LeadReassigned';
  readonly sdrId: string;
  readonly at: string;
  readonly explanation: string;
  /** Re-running the recorded pool and seed through the policy gives the same SDR. */
  readonly replayMatches: boolean;
  readonly decision: AssignmentDecision;
}

/** Why a lead's SDR got it: every (re)assignment decision, with its pool, loads, seed and a replay check. */
@ApiTags('routing')
@Controller('leads/:id/assignment-explanation')
export class AssignmentExplanationController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  async explain(@Param('id') leadId: string): Promise<{ leadId: string; currentSdrId: string; steps: ExplainedStep[] }> {
    const events = await this.store.readStream(`assignment-${leadId}`);
    const steps: ExplainedStep[] = events
      .filter((e) => e.type === 'LeadAssigned' || e.type === 'LeadReassigned')
      .map((e) => {
        const data = e.data as LeadAssigned['data'] | LeadReassigned['data'];
        const at = 'assignedAt' in data ? data.assignedAt : data.reassignedAt;
        const prefix = e.type === 'LeadReassigned' ? 'Reassigned after a first-touch SLA breach: ' : '';
        return {
          eventId: e.id,
          type: e.type as ExplainedStep['type'],
          sdrId: data.sdrId,
          at,
          explanation: prefix + explainDecision(data.decision),
          replayMatches: replayDecision(data.decision) === data.sdrId,
          decision: data.decision,
        };
      });
    if (steps.length === 0) throw new NotFoundException(`lead ${leadId} has not been assigned`);
    return { leadId, currentSdrId: steps[steps.length - 1].sdrId, steps };
  }
}
