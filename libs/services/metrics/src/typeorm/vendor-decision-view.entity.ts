import { Column, Entity, PrimaryColumn } from 'typeorm';
import { metricsView, position } from './metrics-view';

/** A verdict on a vendor's sample: the test, its counts and p-value. */
@Entity(metricsView('vendor_decisions'))
export class VendorDecisionView {
  @PrimaryColumn({ name: 'event_id', type: 'text' }) eventId!: string;
  @Column({ name: 'vendor_id', type: 'text', nullable: true }) vendorId!: string | null;
  @Column({ type: 'boolean', nullable: true }) approved!: boolean | null;
  @Column({ type: 'text', nullable: true }) test!: string | null;
  @Column({ name: 'sample_conversions', type: 'integer', nullable: true }) sampleConversions!: number | null;
  @Column({ name: 'sample_size', type: 'integer', nullable: true }) sampleSize!: number | null;
  @Column({ name: 'historical_conversions', type: 'integer', nullable: true }) historicalConversions!: number | null;
  @Column({ name: 'historical_size', type: 'integer', nullable: true }) historicalSize!: number | null;
  @Column({ name: 'p_value', type: 'double precision', nullable: true }) pValue!: number | null;
  @Column({ type: 'double precision', nullable: true }) threshold!: number | null;
  @Column({ type: 'timestamptz', nullable: true }) at!: Date | null;
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true }) recordedAt!: Date | null;
  @Column({ name: 'log_position', type: 'bigint', nullable: true, transformer: position }) logPosition!: number | null;
}
