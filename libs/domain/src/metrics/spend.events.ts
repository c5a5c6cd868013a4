/**
 * Sales and marketing spend a user records (one entry per API call or CSV row), the input of CAC
 * and cost per qualified lead. Stream `spend-<spendId>`; `period` is the calendar month the money
 * was spent in (`YYYY-MM`), `at` when it was recorded.
 */
export type SpendRecorded = {
  type: 'SpendRecorded';
  data: {
    spendId: string;
    period: string;
    channel: string;
    source: string | null;
    vendorId: string | null;
    campaignId: string | null;
    amount: number;
    currency: string;
    at: string;
  };
};

export type SpendEvent = SpendRecorded;
