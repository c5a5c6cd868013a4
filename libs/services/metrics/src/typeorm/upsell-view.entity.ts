import { Column, Entity, PrimaryColumn } from 'typeorm';
import { decimal, metricsView } from './metrics-view';

/** An upsell handed to business development, and how it closed. */
@Entity(metricsView('upsells'))
export class UpsellView {
  @PrimaryColumn({ name: 'customer_id', type: 'text' }) customerId!: string;
  @PrimaryColumn({ name: 'upsell_id', type: 'text' }) upsellId!: string;
  @Column({ name: 'handed_to', type: 'text', nullable: true }) handedTo!: string | null;
  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true }) openedAt!: Date | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Column({ type: 'boolean', nullable: true }) won!: boolean | null;
  @Column({ type: 'numeric', nullable: true, transformer: decimal }) amount!: number | null;
}
