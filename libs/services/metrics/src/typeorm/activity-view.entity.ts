import { Column, Entity, PrimaryColumn } from 'typeorm';
import { metricsView, position } from './metrics-view';

/** A call, email or social touch an SDR logged, with its outcome; `firstTouch` on the assignment's earliest (it follows FirstTouchMoved). */
@Entity(metricsView('activities'))
export class ActivityView {
  @PrimaryColumn({ name: 'event_id', type: 'text' }) eventId!: string;
  @Column({ name: 'activity_id', type: 'text', nullable: true }) activityId!: string | null;
  @Column({ name: 'lead_id', type: 'text', nullable: true }) leadId!: string | null;
  @Column({ name: 'sdr_id', type: 'text', nullable: true }) sdrId!: string | null;
  @Column({ type: 'text', nullable: true }) kind!: string | null;
  @Column({ type: 'text', nullable: true }) outcome!: string | null;
  @Column({ name: 'first_touch', type: 'boolean', nullable: true }) firstTouch!: boolean | null;
  /** When the store recorded the move that took the first touch from this activity (null while it has it, or never had it). */
  @Column({ name: 'first_touch_until', type: 'timestamptz', nullable: true }) firstTouchUntil!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) at!: Date | null;
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true }) recordedAt!: Date | null;
  @Column({ name: 'log_position', type: 'bigint', nullable: true, transformer: position }) logPosition!: number | null;
}
