import { Column, Entity, PrimaryColumn } from 'typeorm';
import { decimal, metricsView, position } from './metrics-view';

/** A renewal of a customer's contract. */
@Entity(metricsView('renewals'))
export class RenewalView {
  @PrimaryColumn({ name: 'event_id', type: 'text' }) eventId!: string;
  @Column({ name: 'customer_id', type: 'text', nullable: true }) customerId!: string | null;
  @Column({ name: 'new_renewal_date', type: 'timestamptz', nullable: true }) newRenewalDate!: Date | null;
  @Column({ type: 'numeric', nullable: true, transformer: decimal }) amount!: number | null;
  @Column({ type: 'timestamptz', nullable: true }) at!: Date | null;
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true }) recordedAt!: Date | null;
  @Column({ name: 'log_position', type: 'bigint', nullable: true, transformer: position }) logPosition!: number | null;
}
