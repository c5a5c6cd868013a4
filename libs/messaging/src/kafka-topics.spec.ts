import { categoryTopic, deadLetterTopic } from './kafka-topics';

describe('topic names', () => {
  it('names one topic per stream category under the prefix', () => {
    expect(categoryTopic('leadline.', 'lead')).toBe('leadline.lead');
  });

  it('names one dead-letter topic per consumer', () => {
    expect(deadLetterTopic('leadline.', 'scoring')).toBe('leadline.dlt.scoring');
  });
});
