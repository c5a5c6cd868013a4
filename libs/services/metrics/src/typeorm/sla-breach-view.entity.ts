import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { LeadView } from './lead-view.entity';
import { metricsView, position } from './metrics-view';
import { SdrView } from './sdr-view.entity';

/** One first-touch SLA breach (FirstTouchSlaBreached): the SDR holding the lead when the deadline passed. */
@Entity(metricsView('sla_breaches'))
export class SlaBreachView {
  @PrimaryColumn({ name: 'event_id', type: 'text' }) eventId!: string;
  @Column({ name: 'lead_id', type: 'text', nullable: true }) leadId!: string | null;
  @Column({ name: 'sdr_id', type: 'text', nullable: true }) sdrId!: string | null;
  @Column({ name: 'sla_due_at', type: 'timestamptz', nullable: true }) slaDueAt!: Date | null;
  @Column({ name: 'breached_at', type: 'timestamptz', nullable: true }) breachedAt!: Date | null;
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true }) recordedAt!: Date | null;
  @Column({ name: 'log_position', type: 'bigint', nullable: true, transformer: position }) logPosition!: number | null;

  @ManyToOne(() => SdrView, { createForeignKeyConstraints: false, nullable: true })
  @JoinColumn({ name: 'sdr_id', referencedColumnName: 'sdrId' })
  sdr?: SdrView | null;

  @ManyToOne(() => LeadView, { createForeignKeyConstraints: false, nullable: true })
  @JoinColumn({ name: 'lead_id', referencedColumnName: 'leadId' })
  lead?: LeadView | null;
}
