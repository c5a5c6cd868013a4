import { Column, Entity, PrimaryColumn } from 'typeorm';
import { metricsView } from './metrics-view';

/**
 * One lead as known now (the fold of its `lead_facts`): its dimensions, the business time it first
 * reached each stage of the line (null: not yet) and the stage after its latest step.
 */
@Entity(metricsView('leads'))
export class LeadView {
  @PrimaryColumn({ name: 'lead_id', type: 'text' }) leadId!: string;
  @Column({ name: 'captured_at', type: 'timestamptz', nullable: true }) capturedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) source!: string | null;
  @Column({ type: 'boolean', nullable: true }) inbound!: boolean | null;
  @Column({ name: 'vendor_id', type: 'text', nullable: true }) vendorId!: string | null;
  @Column({ name: 'list_id', type: 'text', nullable: true }) listId!: string | null;
  @Column({ name: 'campaign_id', type: 'text', nullable: true }) campaignId!: string | null;
  @Column({ name: 'company_name', type: 'text', nullable: true }) companyName!: string | null;
  @Column({ name: 'company_domain', type: 'text', nullable: true }) companyDomain!: string | null;
  @Column({ type: 'boolean', nullable: true }) incomplete!: boolean | null;
  @Column({ name: 'enriched_at', type: 'timestamptz', nullable: true }) enrichedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) segment!: string | null;
  @Column({ type: 'text', nullable: true }) territory!: string | null;
  @Column({ name: 'scored_at', type: 'timestamptz', nullable: true }) scoredAt!: Date | null;
  @Column({ type: 'double precision', nullable: true }) score!: number | null;
  @Column({ type: 'text', nullable: true }) grade!: string | null;
  @Column({ name: 'recycle_pool_at', type: 'timestamptz', nullable: true }) recyclePoolAt!: Date | null;
  @Column({ name: 'vendor_listed_at', type: 'timestamptz', nullable: true }) vendorListedAt!: Date | null;
  @Column({ name: 'vendor_released_at', type: 'timestamptz', nullable: true }) vendorReleasedAt!: Date | null;
  @Column({ name: 'vendor_archived_at', type: 'timestamptz', nullable: true }) vendorArchivedAt!: Date | null;
  @Column({ name: 'assigned_at', type: 'timestamptz', nullable: true }) assignedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) team!: string | null;
  @Column({ name: 'first_sdr_id', type: 'text', nullable: true }) firstSdrId!: string | null;
  @Column({ name: 'owner_since', type: 'timestamptz', nullable: true }) ownerSince!: Date | null;
  @Column({ name: 'sdr_id', type: 'text', nullable: true }) sdrId!: string | null;
  @Column({ name: 'first_touch_at', type: 'timestamptz', nullable: true }) firstTouchAt!: Date | null;
  @Column({ name: 'first_touch_sdr_id', type: 'text', nullable: true }) firstTouchSdrId!: string | null;
  @Column({ name: 'contacted_at', type: 'timestamptz', nullable: true }) contactedAt!: Date | null;
  @Column({ name: 'positive_at', type: 'timestamptz', nullable: true }) positiveAt!: Date | null;
  @Column({ name: 'negative_at', type: 'timestamptz', nullable: true }) negativeAt!: Date | null;
  @Column({ name: 'callback_at', type: 'timestamptz', nullable: true }) callbackAt!: Date | null;
  @Column({ name: 'qualified_at', type: 'timestamptz', nullable: true }) qualifiedAt!: Date | null;
  @Column({ name: 'qualified_sdr_id', type: 'text', nullable: true }) qualifiedSdrId!: string | null;
  @Column({ name: 'disqualified_at', type: 'timestamptz', nullable: true }) disqualifiedAt!: Date | null;
  @Column({ name: 'disqualified_sdr_id', type: 'text', nullable: true }) disqualifiedSdrId!: string | null;
  @Column({ name: 'disqualify_reason', type: 'text', nullable: true }) disqualifyReason!: string | null;
  @Column({ name: 'appointment_at', type: 'timestamptz', nullable: true }) appointmentAt!: Date | null;
  @Column({ name: 'appointment_held_at', type: 'timestamptz', nullable: true }) appointmentHeldAt!: Date | null;
  @Column({ name: 'opportunity_at', type: 'timestamptz', nullable: true }) opportunityAt!: Date | null;
  @Column({ name: 'won_at', type: 'timestamptz', nullable: true }) wonAt!: Date | null;
  @Column({ name: 'lost_at', type: 'timestamptz', nullable: true }) lostAt!: Date | null;
  @Column({ name: 'nurtured_at', type: 'timestamptz', nullable: true }) nurturedAt!: Date | null;
  @Column({ name: 'nurture_returned_at', type: 'timestamptz', nullable: true }) nurtureReturnedAt!: Date | null;
  @Column({ name: 'recycled_at', type: 'timestamptz', nullable: true }) recycledAt!: Date | null;
  @Column({ name: 'reopened_at', type: 'timestamptz', nullable: true }) reopenedAt!: Date | null;
  @Column({ name: 'customer_at', type: 'timestamptz', nullable: true }) customerAt!: Date | null;
  @Column({ name: 'stage_at', type: 'timestamptz', nullable: true }) stageAt!: Date | null;
  @Column({ type: 'text', nullable: true }) stage!: string | null;
}
