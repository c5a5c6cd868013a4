import { Column, Entity, PrimaryColumn } from 'typeorm';
import { metricsView, position } from './metrics-view';

/** A (re)assignment of a customer to a manager. */
@Entity(metricsView('customer_manager_assignments'))
export class CustomerManagerAssignmentView {
  @PrimaryColumn({ name: 'event_id', type: 'text' }) eventId!: string;
  @Column({ name: 'customer_id', type: 'text', nullable: true }) customerId!: string | null;
  @Column({ name: 'manager_id', type: 'text', nullable: true }) managerId!: string | null;
  @Column({ name: 'segment_matched', type: 'boolean', nullable: true }) segmentMatched!: boolean | null;
  @Column({ type: 'timestamptz', nullable: true }) at!: Date | null;
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true }) recordedAt!: Date | null;
  @Column({ name: 'log_position', type: 'bigint', nullable: true, transformer: position }) logPosition!: number | null;
}
