import { Column, Entity, PrimaryColumn } from 'typeorm';
import { metricsView } from './metrics-view';

/** An appointment: how it was booked (fairness credit month), where it stands now, and when it was held, missed or cancelled. */
@Entity(metricsView('appointments'))
export class AppointmentView {
  @PrimaryColumn({ name: 'appointment_id', type: 'text' }) appointmentId!: string;
  @Column({ name: 'lead_id', type: 'text', nullable: true }) leadId!: string | null;
  @Column({ name: 'booked_at', type: 'timestamptz', nullable: true }) bookedAt!: Date | null;
  @Column({ name: 'booked_ae_id', type: 'text', nullable: true }) bookedAeId!: string | null;
  @Column({ type: 'text', nullable: true }) mode!: string | null;
  @Column({ name: 'equality_traded', type: 'boolean', nullable: true }) equalityTraded!: boolean | null;
  @Column({ name: 'credit_month', type: 'text', nullable: true }) creditMonth!: string | null;
  @Column({ name: 'booked_se_id', type: 'text', nullable: true }) bookedSeId!: string | null;
  @Column({ name: 'changed_at', type: 'timestamptz', nullable: true }) changedAt!: Date | null;
  @Column({ name: 'ae_id', type: 'text', nullable: true }) aeId!: string | null;
  @Column({ name: 'start_at', type: 'timestamptz', nullable: true }) startAt!: Date | null;
  @Column({ name: 'end_at', type: 'timestamptz', nullable: true }) endAt!: Date | null;
  @Column({ name: 'se_changed_at', type: 'timestamptz', nullable: true }) seChangedAt!: Date | null;
  @Column({ name: 'se_id', type: 'text', nullable: true }) seId!: string | null;
  @Column({ name: 'held_at', type: 'timestamptz', nullable: true }) heldAt!: Date | null;
  @Column({ name: 'no_show_at', type: 'timestamptz', nullable: true }) noShowAt!: Date | null;
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt!: Date | null;
  @Column({ name: 'cancel_reason', type: 'text', nullable: true }) cancelReason!: string | null;
  @Column({ name: 'outcome_at', type: 'timestamptz', nullable: true }) outcomeAt!: Date | null;
  @Column({ name: 'moved_forward', type: 'boolean', nullable: true }) movedForward!: boolean | null;
  @Column({ name: 'hunter_id', type: 'text', nullable: true }) hunterId!: string | null;
}
