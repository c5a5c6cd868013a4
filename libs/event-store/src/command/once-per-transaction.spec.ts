import type { SqlExecutor } from '../sql.port';
import { oncePerTransaction } from './once-per-transaction';

const transaction = (): SqlExecutor => ({ query: () => Promise.reject(new Error('not used')) });

describe('oncePerTransaction', () => {
  it('reads once per transaction and key, again in the next transaction', async () => {
    let reads = 0;
    const load = () => Promise.resolve(++reads);
    const [first, second] = [transaction(), transaction()];
    expect(await Promise.all([oncePerTransaction(first, 'a', load), oncePerTransaction(first, 'a', load)])).toEqual([1, 1]);
    expect(await oncePerTransaction(first, 'b', load)).toBe(2);
    expect(await oncePerTransaction(second, 'a', load)).toBe(3);
  });

  it('keeps no failed read', async () => {
    const tx = transaction();
    await expect(oncePerTransaction(tx, 'a', () => Promise.reject(new Error('lost')))).rejects.toThrow('lost');
    await expect(oncePerTransaction(tx, 'a', () => Promise.resolve('read'))).resolves.toBe('read');
  });
});
