import { Column, Entity, PrimaryColumn } from 'typeorm';
import { metricsView, position } from './metrics-view';

/** One event of an opportunity's life: `opened`, `stage` (from → to), `handover`, `won`, `lost`. */
@Entity(metricsView('opportunity_events'))
export class OpportunityEventView {
  @PrimaryColumn({ name: 'event_id', type: 'text' }) eventId!: string;
  @Column({ name: 'opportunity_id', type: 'text', nullable: true }) opportunityId!: string | null;
  @Column({ name: 'lead_id', type: 'text', nullable: true }) leadId!: string | null;
  @Column({ type: 'text', nullable: true }) kind!: string | null;
  @Column({ name: 'from_stage', type: 'text', nullable: true }) fromStage!: string | null;
  @Column({ name: 'to_stage', type: 'text', nullable: true }) toStage!: string | null;
  @Column({ name: 'from_ae_id', type: 'text', nullable: true }) fromAeId!: string | null;
  @Column({ name: 'ae_id', type: 'text', nullable: true }) aeId!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) at!: Date | null;
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true }) recordedAt!: Date | null;
  @Column({ name: 'log_position', type: 'bigint', nullable: true, transformer: position }) logPosition!: number | null;
}
