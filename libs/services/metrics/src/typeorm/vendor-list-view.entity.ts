import { Column, Entity, PrimaryColumn } from 'typeorm';
import { metricsView, position } from './metrics-view';

/** A list bought from a vendor, with the sample sent out first. */
@Entity(metricsView('vendor_lists'))
export class VendorListView {
  @PrimaryColumn({ name: 'vendor_id', type: 'text' }) vendorId!: string;
  @PrimaryColumn({ name: 'list_id', type: 'text' }) listId!: string;
  @Column({ type: 'integer', nullable: true }) leads!: number | null;
  @Column({ name: 'sample_leads', type: 'integer', nullable: true }) sampleLeads!: number | null;
  @Column({ name: 'received_at', type: 'timestamptz', nullable: true }) receivedAt!: Date | null;
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true }) recordedAt!: Date | null;
  @Column({ name: 'log_position', type: 'bigint', nullable: true, transformer: position }) logPosition!: number | null;
}
