import { routingHistory } from './routing-history';
import { HistoryBuilder } from './routing.fixtures';

const at = (hhmm: string) => `2026-03-02T${hhmm}:00.000Z`;
const order = (builder: HistoryBuilder) =>
  routingHistory(builder.records).steps.flatMap((s) =>
    s.kind === 'request' ? [`assign ${s.leadId}`] : s.kind === 'closed' ? [`close ${s.leadId}`] : [],
  );

describe('visibility order: the history as routing saw it, from what each decision recorded', () => {
  const base = () =>
    new HistoryBuilder()
      .sdr('ann', at('06:00'))
      .sdr('ben', at('06:00'))
      .lead('L1', at('08:00'), 'smb')
      .assigned('L1', 'ann', at('08:00'), 'smb', { ann: 0, ben: 0 });

  it('a closure logged before a decision that still counted the lead moves to just after it', () => {
    // L1's qualification took its transaction id first but committed after L2's decision read the loads (ann still had 1 open).
    const history = base()
      .qualified('L1', 'ann', at('08:05'))
      .lead('L2', at('08:06'), 'smb')
      .assigned('L2', 'ben', at('08:06'), 'smb', { ann: 1, ben: 0 });
    expect(order(history)).toEqual(['assign L1', 'assign L2', 'close L1']);
    expect(routingHistory(history.records).reordered).toBe(1);
  });

  it('a closure logged after a decision that already saw it moves to just before it', () => {
    const history = base()
      .lead('L2', at('08:06'), 'smb')
      .assigned('L2', 'ann', at('08:06'), 'smb', { ann: 0, ben: 0 })
      .qualified('L1', 'ann', at('08:05'));
    expect(order(history)).toEqual(['assign L1', 'close L1', 'assign L2']);
  });

  it('a history whose decisions saw exactly the log order (a serial store) keeps its order', () => {
    const history = base()
      .qualified('L1', 'ann', at('08:05'))
      .lead('L2', at('08:06'), 'smb')
      .assigned('L2', 'ann', at('08:06'), 'smb', { ann: 0, ben: 0 });
    expect(order(history)).toEqual(['assign L1', 'close L1', 'assign L2']);
    expect(routingHistory(history.records).reordered).toBe(0);
  });
});
