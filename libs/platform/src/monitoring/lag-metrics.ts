import { Injectable, Logger } from '@nestjs/common';
import { LagReport } from './lag-report';
import { PlatformMetrics } from './platform-metrics';

/**
 * The lag gauges, read from LagReport at each scrape: per processor and per consumer group, in events
 * and in seconds. A failed read (the database away) leaves them out of that scrape and is logged once.
 */
@Injectable()
export class LagMetrics {
  private readonly log = new Logger('Metrics');
  private failing = false;

  constructor(metrics: PlatformMetrics, report: LagReport) {
    const { meter } = metrics;
    const processorEvents = meter.createObservableGauge('leadline_processor_lag_events', {
      description: 'Events of its categories and types in the store after the processor checkpoint (yet to be handled)',
    });
    const processorSeconds = meter.createObservableGauge('leadline_processor_lag_seconds', {
      description: 'How long the oldest event the processor has yet to handle has been in the store (0 when none)',
      unit: 's',
    });
    const groupEvents = meter.createObservableGauge('leadline_consumer_group_lag_events', {
      description: 'Records on the topic after the consumer group committed offsets, all partitions',
    });
    const groupSeconds = meter.createObservableGauge('leadline_consumer_group_lag_seconds', {
      description: 'Age of the oldest record the consumer group has yet to handle, largest partition (0 when none)',
      unit: 's',
    });
    meter.addBatchObservableCallback(
      async (result) => {
        let status;
        try {
          status = await report.current();
        } catch (error) {
          if (!this.failing) this.log.warn(`Lag figures unavailable: ${error instanceof Error ? error.message : String(error)}`);
          this.failing = true;
          return;
        }
        this.failing = false;
        for (const processor of status.processors) {
          result.observe(processorEvents, processor.lagEvents, { processor: processor.name });
          result.observe(processorSeconds, processor.lagSeconds, { processor: processor.name });
        }
        for (const group of status.consumerGroups) {
          if (group.error) continue;
          const topics = new Set(group.partitions.map((partition) => partition.topic));
          for (const topic of topics) {
            const events = group.partitions.filter((p) => p.topic === topic).reduce((sum, p) => sum + p.lagEvents, 0);
            result.observe(groupEvents, events, { group: group.groupId, topic });
          }
          result.observe(groupSeconds, group.lagSeconds, { group: group.groupId });
        }
      },
      [processorEvents, processorSeconds, groupEvents, groupSeconds],
    );
  }
}
