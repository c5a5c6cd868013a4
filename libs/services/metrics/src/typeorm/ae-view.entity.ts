import { Column, Entity, PrimaryColumn } from 'typeorm';
import { metricsView } from './metrics-view';

/** An account executive (demo guru, hunter) or sales engineer: latest known profile. */
@Entity(metricsView('aes'))
export class AeView {
  @PrimaryColumn({ name: 'ae_id', type: 'text' }) aeId!: string;
  @Column({ type: 'text', nullable: true }) name!: string | null;
  @Column({ type: 'text', nullable: true }) role!: string | null;
  @Column({ name: 'daily_cap', type: 'integer', nullable: true }) dailyCap!: number | null;
  @Column({ type: 'boolean', nullable: true }) active!: boolean | null;
  @Column({ name: 'registered_at', type: 'timestamptz', nullable: true }) registeredAt!: Date | null;
}
