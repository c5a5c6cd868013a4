import { freshRandomBytes, KEY_BYTES, newKey, open, RANDOM_POOL_BYTES, seal, UnreadableCiphertextError } from './crypto';

describe('freshRandomBytes', () => {
  it('never hands out the same bytes twice, across the refills of its pool', () => {
    // 3 pools' worth, sizes that do not divide the pool (a take that does not fit starts a fresh pool).
    const seen = new Set<string>();
    let taken = 0;
    for (let i = 0; taken < 3 * RANDOM_POOL_BYTES; i++) {
      const size = [12, 32, 7][i % 3];
      const bytes = freshRandomBytes(size);
      expect(bytes.length).toBe(size);
      seen.add(bytes.toString('hex'));
      taken += size;
      expect(seen.size).toBe(i + 1);
    }
  });

  it('gives each result its own memory: changing one changes no other, nor what comes next', () => {
    const a = freshRandomBytes(32);
    const b = freshRandomBytes(32);
    const before = Buffer.from(b);
    a.fill(0);
    expect(b.equals(before)).toBe(true);
    expect(a.buffer).not.toBe(b.buffer);
    expect(a.byteLength).toBe(a.buffer.byteLength);
  });

  it('looks random: every byte value about as often as the others over 64 KiB', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 2048; i++) for (const byte of freshRandomBytes(32)) counts[byte] += 1;
    // 256 expected per value; a chi-square over 255 degrees of freedom stays far below 400 for a uniform source.
    const chiSquare = counts.reduce((sum, count) => sum + (count - 256) ** 2 / 256, 0);
    expect(chiSquare).toBeLessThan(400);
  });

  it('refuses a size it cannot hand out from one pool', () => {
    expect(() => freshRandomBytes(0)).toThrow(RangeError);
    expect(() => freshRandomBytes(RANDOM_POOL_BYTES + 1)).toThrow(RangeError);
    expect(() => freshRandomBytes(1.5)).toThrow(RangeError);
  });
});

describe('seal and open', () => {
  it('round-trips under a new key with a fresh IV each time, and refuses another place (aad) or key', () => {
    const key = newKey();
    expect(key.length).toBe(KEY_BYTES);
    const one = seal(key, Buffer.from('wile@acme.example'), 'subject-1');
    const two = seal(key, Buffer.from('wile@acme.example'), 'subject-1');
    expect(one.iv).not.toBe(two.iv);
    expect(one.ciphertext).not.toBe(two.ciphertext);
    expect(open(key, one, 'subject-1', 'a test value').toString()).toBe('wile@acme.example');
    expect(() => open(key, one, 'subject-2', 'a test value')).toThrow(UnreadableCiphertextError);
    expect(() => open(newKey(), one, 'subject-1', 'a test value')).toThrow(UnreadableCiphertextError);
  });
});
