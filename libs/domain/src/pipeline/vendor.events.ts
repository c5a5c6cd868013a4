/**
 * A list vendor's events, on `vendor-<vendorId>` (written by appointments): its lists, the sample
 * test of its first list, and which leads are released to routing or archived. Times are ISO-8601
 * strings that arrive on commands.
 */

export type VendorListReceived = {
  type: 'VendorListReceived';
  data: { vendorId: string; listId: string; leadIds: readonly string[]; sampleLeadIds: readonly string[]; at: string };
};
export type VendorDecided = {
  type: 'VendorDecided';
  data: {
    vendorId: string;
    approved: boolean;
    test: string;
    sampleConversions: number;
    sampleSize: number;
    historicalConversions: number;
    historicalSize: number;
    pValue: number;
    threshold: number;
    at: string;
  };
};
export type VendorLeadsReleased = { type: 'VendorLeadsReleased'; data: { vendorId: string; leadIds: readonly string[]; at: string } };
export type VendorLeadsArchived = { type: 'VendorLeadsArchived'; data: { vendorId: string; leadIds: readonly string[]; at: string } };

export type VendorEvent = VendorListReceived | VendorDecided | VendorLeadsReleased | VendorLeadsArchived;
