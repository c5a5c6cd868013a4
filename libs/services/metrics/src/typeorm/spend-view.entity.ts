import { Column, Entity, PrimaryColumn } from 'typeorm';
import { decimal, metricsView, position } from './metrics-view';

/** A spend entry users entered (`period` the month spent in, `at` when it was entered, `recorded_at` when the store recorded it). */
@Entity(metricsView('spend'))
export class SpendView {
  @PrimaryColumn({ name: 'spend_id', type: 'text' }) spendId!: string;
  @Column({ type: 'text', nullable: true }) period!: string | null;
  @Column({ type: 'text', nullable: true }) channel!: string | null;
  @Column({ type: 'text', nullable: true }) source!: string | null;
  @Column({ name: 'vendor_id', type: 'text', nullable: true }) vendorId!: string | null;
  @Column({ name: 'campaign_id', type: 'text', nullable: true }) campaignId!: string | null;
  @Column({ type: 'numeric', nullable: true, transformer: decimal }) amount!: number | null;
  @Column({ type: 'text', nullable: true }) currency!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) at!: Date | null;
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true }) recordedAt!: Date | null;
  @Column({ name: 'log_position', type: 'bigint', nullable: true, transformer: position }) logPosition!: number | null;
}
