import { EVENT_CONTRACTS } from '@leadline/domain';
import { ApiProperty } from '@nestjs/swagger';

/** The LeadAssigned contract's example (docs/events.md), so the API docs show the same decision. */
const ASSIGNED_EXAMPLE = EVENT_CONTRACTS.LeadAssigned.example;

/** One (re)assignment of the lead, explained and replayed. */
export class ExplainedStepDto {
  @ApiProperty({ example: '7f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f' })
  readonly eventId!: string;

  @ApiProperty({ enum: ['LeadAssigned', 'LeadReassigned', 'LeadReopenedForOutbound'] })
  readonly type!: string;

  @ApiProperty({ example: ASSIGNED_EXAMPLE.sdrId })
  readonly sdrId!: string;

  @ApiProperty({ example: ASSIGNED_EXAMPLE.assignedAt })
  readonly at!: string;

  @ApiProperty({
    example:
      'sdr-ana got the lead under inbound-on-shift-fewest-open v1: the fewest open leads among 2 eligible (4 open, 12/160 this week); 1 excluded.',
  })
  readonly explanation!: string;

  @ApiProperty({ example: true, description: 'Re-running the recorded pool and seed through the policy gives the same SDR.' })
  readonly replayMatches!: boolean;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The decision as recorded on the event (see LeadAssigned's JSON Schema).",
    example: ASSIGNED_EXAMPLE.decision,
  })
  readonly decision!: Record<string, unknown>;
}

/** Why the lead's SDR got it, and why it waits when it does. */
export class AssignmentExplanationDto {
  @ApiProperty({ example: '0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10' })
  readonly leadId!: string;

  @ApiProperty({ type: String, nullable: true, example: 'sdr-ana', description: 'Null while the lead waits for its first SDR.' })
  readonly currentSdrId!: string | null;

  @ApiProperty({ type: [ExplainedStepDto] })
  readonly steps!: readonly ExplainedStepDto[];

  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description:
      'Why the lead has no (new) SDR now, null when nothing holds it: `reason` vendor-hold or vendor-archived (vendorId, ' +
      'listId, since), recycle-cool-off (recycledAt, availableToOutboundAt) or no-eligible-sdr (team, since, excluded); ' +
      'always an `explanation`.',
    example: null,
  })
  readonly waiting!: Record<string, unknown> | null;
}
