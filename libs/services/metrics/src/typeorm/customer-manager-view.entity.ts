import { Column, Entity, PrimaryColumn } from 'typeorm';
import { metricsView } from './metrics-view';

/** A customer manager: latest known profile. */
@Entity(metricsView('customer_managers'))
export class CustomerManagerView {
  @PrimaryColumn({ name: 'manager_id', type: 'text' }) managerId!: string;
  @Column({ type: 'text', nullable: true }) name!: string | null;
  @Column({ type: 'text', nullable: true }) email!: string | null;
  @Column({ type: 'integer', nullable: true }) capacity!: number | null;
  @Column({ name: 'registered_at', type: 'timestamptz', nullable: true }) registeredAt!: Date | null;
}
