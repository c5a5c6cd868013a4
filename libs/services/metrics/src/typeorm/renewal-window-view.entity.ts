import { Column, Entity, PrimaryColumn } from 'typeorm';
import { metricsView, position } from './metrics-view';

/** A renewal conversation window opened (60 and 30 days before the date by default). */
@Entity(metricsView('renewal_windows'))
export class RenewalWindowView {
  @PrimaryColumn({ name: 'customer_id', type: 'text' }) customerId!: string;
  @PrimaryColumn({ name: 'renewal_date', type: 'timestamptz' }) renewalDate!: Date;
  @PrimaryColumn({ name: 'days_before', type: 'integer' }) daysBefore!: number;
  @Column({ type: 'timestamptz', nullable: true }) at!: Date | null;
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true }) recordedAt!: Date | null;
  @Column({ name: 'log_position', type: 'bigint', nullable: true, transformer: position }) logPosition!: number | null;
}
