import type { SpendRecorded, VendorDecided, VendorListReceived } from '@leadline/domain';
import type { RecordedEvent } from '@leadline/event-store';
import { defineReadModel, iso, type Fact } from '../define-read-model';
import { dataOf } from '../event-data';
import { col, key, RECORDED, type FactTable } from '../fact-table';

/** Sales and marketing spend as users entered it: `period` is the month spent in, `at` when it was entered. */
export const SPEND: FactTable = {
  name: 'spend',
  insertOnly: true,
  columns: [
    key('spend_id'),
    col('period'),
    col('channel'),
    col('source'),
    col('vendor_id'),
    col('campaign_id'),
    col('amount', 'numeric'),
    col('currency'),
    col('at', 'timestamptz'),
    ...RECORDED,
  ],
};

/** Every list bought from a vendor, with the sample sent out first. */
export const VENDOR_LISTS: FactTable = {
  name: 'vendor_lists',
  insertOnly: true,
  columns: [
    key('vendor_id'),
    key('list_id'),
    col('leads', 'integer'),
    col('sample_leads', 'integer'),
    col('received_at', 'timestamptz'),
    ...RECORDED,
  ],
};

/** Every sample verdict on a vendor: the test, its counts and p-value. */
export const VENDOR_DECISIONS: FactTable = {
  name: 'vendor_decisions',
  insertOnly: true,
  columns: [
    key('event_id'),
    col('vendor_id'),
    col('approved', 'boolean'),
    col('test'),
    col('sample_conversions', 'integer'),
    col('sample_size', 'integer'),
    col('historical_conversions', 'integer'),
    col('historical_size', 'integer'),
    col('p_value', 'double precision'),
    col('threshold', 'double precision'),
    col('at', 'timestamptz'),
    ...RECORDED,
  ],
};

function spendFacts(event: RecordedEvent): readonly Fact[] {
  switch (event.type) {
    case 'SpendRecorded': {
      const d = dataOf<SpendRecorded>(event);
      const slice = { period: d.period, channel: d.channel, source: d.source, vendor_id: d.vendorId, campaign_id: d.campaignId };
      return [[SPEND, { spend_id: d.spendId, ...slice, amount: d.amount, currency: d.currency, at: iso(d.at) }]];
    }
    case 'VendorListReceived': {
      const d = dataOf<VendorListReceived>(event);
      const row = {
        vendor_id: d.vendorId,
        list_id: d.listId,
        leads: d.leadIds.length,
        sample_leads: d.sampleLeadIds.length,
        received_at: iso(d.at),
      };
      return [[VENDOR_LISTS, row]];
    }
    case 'VendorDecided': {
      const d = dataOf<VendorDecided>(event);
      const counts = {
        sample_conversions: d.sampleConversions,
        sample_size: d.sampleSize,
        historical_conversions: d.historicalConversions,
        historical_size: d.historicalSize,
      };
      return [
        [
          VENDOR_DECISIONS,
          {
            event_id: event.id,
            vendor_id: d.vendorId,
            approved: d.approved,
            test: d.test,
            ...counts,
            p_value: d.pValue,
            threshold: d.threshold,
            at: iso(d.at),
          },
        ],
      ];
    }
    default:
      return [];
  }
}

/** Money in (spend, the CAC numerator) and list vendors' sample verdicts. */
export const SPEND_READ_MODEL = defineReadModel({
  name: 'spend',
  tables: [SPEND, VENDOR_LISTS, VENDOR_DECISIONS],
  eventTypes: ['SpendRecorded', 'VendorListReceived', 'VendorDecided'],
  facts: spendFacts,
});
