// The fixtures moved to @leadline/testing (specs use them too); the benchmarks and the chaos run import them from here.
export { inboundLead, inboundSdr, rosterSdr, type LeadNames } from '@leadline/testing';
