import { Column, Entity, PrimaryColumn } from 'typeorm';
import { metricsView, position } from './metrics-view';

/** A reschedule or reassignment: the credit moves with it to the new AE. */
@Entity(metricsView('appointment_reschedules'))
export class AppointmentRescheduleView {
  @PrimaryColumn({ name: 'event_id', type: 'text' }) eventId!: string;
  @Column({ name: 'appointment_id', type: 'text', nullable: true }) appointmentId!: string | null;
  @Column({ name: 'lead_id', type: 'text', nullable: true }) leadId!: string | null;
  @Column({ name: 'from_ae_id', type: 'text', nullable: true }) fromAeId!: string | null;
  @Column({ name: 'ae_id', type: 'text', nullable: true }) aeId!: string | null;
  @Column({ name: 'se_changed', type: 'boolean', nullable: true }) seChanged!: boolean | null;
  @Column({ name: 'se_id', type: 'text', nullable: true }) seId!: string | null;
  @Column({ name: 'start_at', type: 'timestamptz', nullable: true }) startAt!: Date | null;
  @Column({ name: 'end_at', type: 'timestamptz', nullable: true }) endAt!: Date | null;
  /** Set when the hand-over broke strict equality by a recorded override. */
  @Column({ name: 'override_reason', type: 'text', nullable: true }) overrideReason!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) at!: Date | null;
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true }) recordedAt!: Date | null;
  @Column({ name: 'log_position', type: 'bigint', nullable: true, transformer: position }) logPosition!: number | null;
}
