import { Column, Entity, PrimaryColumn } from 'typeorm';
import { metricsView, position } from './metrics-view';

/** Leave an AE scheduled: not equally available while it lasts. */
@Entity(metricsView('ae_time_off'))
export class AeTimeOffView {
  @PrimaryColumn({ name: 'event_id', type: 'text' }) eventId!: string;
  @Column({ name: 'ae_id', type: 'text', nullable: true }) aeId!: string | null;
  @Column({ name: 'from_at', type: 'timestamptz', nullable: true }) fromAt!: Date | null;
  @Column({ name: 'to_at', type: 'timestamptz', nullable: true }) toAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) at!: Date | null;
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true }) recordedAt!: Date | null;
  @Column({ name: 'log_position', type: 'bigint', nullable: true, transformer: position }) logPosition!: number | null;
}
