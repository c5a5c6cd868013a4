import { Column, Entity, PrimaryColumn } from 'typeorm';
import { decimal, metricsView } from './metrics-view';

/** A customer (a won deal): first contract, current manager and renewal date, churn. */
@Entity(metricsView('customers'))
export class CustomerView {
  @PrimaryColumn({ name: 'customer_id', type: 'text' }) customerId!: string;
  @Column({ name: 'lead_id', type: 'text', nullable: true }) leadId!: string | null;
  @Column({ name: 'opportunity_id', type: 'text', nullable: true }) opportunityId!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', nullable: true }) createdAt!: Date | null;
  @Column({ type: 'numeric', nullable: true, transformer: decimal }) amount!: number | null;
  @Column({ type: 'text', nullable: true }) segment!: string | null;
  @Column({ name: 'initial_renewal_date', type: 'timestamptz', nullable: true }) initialRenewalDate!: Date | null;
  @Column({ name: 'renewal_changed_at', type: 'timestamptz', nullable: true }) renewalChangedAt!: Date | null;
  @Column({ name: 'renewal_date', type: 'timestamptz', nullable: true }) renewalDate!: Date | null;
  @Column({ name: 'manager_since', type: 'timestamptz', nullable: true }) managerSince!: Date | null;
  @Column({ name: 'manager_id', type: 'text', nullable: true }) managerId!: string | null;
  @Column({ name: 'onboarded_at', type: 'timestamptz', nullable: true }) onboardedAt!: Date | null;
  @Column({ name: 'churned_at', type: 'timestamptz', nullable: true }) churnedAt!: Date | null;
  @Column({ name: 'churn_reason', type: 'text', nullable: true }) churnReason!: string | null;
}
