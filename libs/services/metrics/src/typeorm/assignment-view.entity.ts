import { Column, Entity, PrimaryColumn } from 'typeorm';
import { metricsView, position } from './metrics-view';

/** An assignment (`kind` assigned) or reassignment of a lead to an SDR. */
@Entity(metricsView('assignments'))
export class AssignmentView {
  @PrimaryColumn({ name: 'event_id', type: 'text' }) eventId!: string;
  @Column({ name: 'lead_id', type: 'text', nullable: true }) leadId!: string | null;
  @Column({ type: 'text', nullable: true }) kind!: string | null;
  @Column({ name: 'sdr_id', type: 'text', nullable: true }) sdrId!: string | null;
  @Column({ name: 'from_sdr_id', type: 'text', nullable: true }) fromSdrId!: string | null;
  @Column({ type: 'text', nullable: true }) team!: string | null;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ name: 'sla_due_at', type: 'timestamptz', nullable: true }) slaDueAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) at!: Date | null;
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true }) recordedAt!: Date | null;
  @Column({ name: 'log_position', type: 'bigint', nullable: true, transformer: position }) logPosition!: number | null;
}
