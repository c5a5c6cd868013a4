import { firstFixOf, kafkajsInternal } from './kafkajs-internal';

describe('kafkajsInternal', () => {
  it("gives the prototype of kafkajs's internal class when it has every method asked for", () => {
    const queue = kafkajsInternal<{ push(): void; destroy(): void }>('./src/network/requestQueue', ['push', 'destroy']);
    expect(typeof queue?.push).toBe('function');
  });

  it('gives nothing when a method is missing or the module is not there (a kafkajs that moved the code)', () => {
    expect(kafkajsInternal<{ noSuchMethod(): void }>('./src/network/requestQueue', ['noSuchMethod'])).toBeUndefined();
    expect(kafkajsInternal<{ push(): void }>('./src/network/noSuchModule', ['push'])).toBeUndefined();
  });

  it('says first for a fix once per prototype', () => {
    const prototype = {};
    expect(firstFixOf(prototype, 'spec')).toBe(true);
    expect(firstFixOf(prototype, 'spec')).toBe(false);
    expect(firstFixOf(prototype, 'another')).toBe(true);
  });
});
