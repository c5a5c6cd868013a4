import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { LeadView } from './lead-view.entity';
import { decimal, metricsView } from './metrics-view';

/** One opportunity: opener, current owner and stage, win terms or loss (reason, hopeless). */
@Entity(metricsView('opportunities'))
export class OpportunityView {
  @PrimaryColumn({ name: 'opportunity_id', type: 'text' }) opportunityId!: string;
  @Column({ name: 'lead_id', type: 'text', nullable: true }) leadId!: string | null;
  @Column({ name: 'appointment_id', type: 'text', nullable: true }) appointmentId!: string | null;
  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true }) openedAt!: Date | null;
  @Column({ name: 'opened_by_ae_id', type: 'text', nullable: true }) openedByAeId!: string | null;
  @Column({ name: 'owner_since', type: 'timestamptz', nullable: true }) ownerSince!: Date | null;
  @Column({ name: 'ae_id', type: 'text', nullable: true }) aeId!: string | null;
  @Column({ name: 'stage_at', type: 'timestamptz', nullable: true }) stageAt!: Date | null;
  @Column({ type: 'text', nullable: true }) stage!: string | null;
  @Column({ name: 'won_at', type: 'timestamptz', nullable: true }) wonAt!: Date | null;
  @Column({ name: 'won_by_ae_id', type: 'text', nullable: true }) wonByAeId!: string | null;
  @Column({ type: 'numeric', nullable: true, transformer: decimal }) amount!: number | null;
  @Column({ type: 'numeric', nullable: true, transformer: decimal }) margin!: number | null;
  @Column({ name: 'contract_term_months', type: 'integer', nullable: true }) contractTermMonths!: number | null;
  @Column({ name: 'renewal_date', type: 'timestamptz', nullable: true }) renewalDate!: Date | null;
  @Column({ type: 'text', nullable: true }) segment!: string | null;
  @Column({ name: 'lost_at', type: 'timestamptz', nullable: true }) lostAt!: Date | null;
  @Column({ name: 'lost_by_ae_id', type: 'text', nullable: true }) lostByAeId!: string | null;
  @Column({ name: 'lost_reason', type: 'text', nullable: true }) lostReason!: string | null;
  @Column({ type: 'boolean', nullable: true }) hopeless!: boolean | null;

  @ManyToOne(() => LeadView, { createForeignKeyConstraints: false, nullable: true })
  @JoinColumn({ name: 'lead_id', referencedColumnName: 'leadId' })
  lead?: LeadView | null;
}
