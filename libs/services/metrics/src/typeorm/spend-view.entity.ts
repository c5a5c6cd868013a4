import { Column, Entity, PrimaryColumn } from 'typeorm';
import { decimal, metricsView } from './metrics-view';

/** A spend entry users recorded (`period` the month spent in, `recorded_at` when it became known). */
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
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true }) recordedAt!: Date | null;
}
