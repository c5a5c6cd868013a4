import { createPgliteDatabase, PostgresEventStore } from '@leadline/event-store';
import { createTempDir } from '@leadline/testing';
import { readLabHistory } from '../src/history/lab-history.reader';

describe('readLabHistory (PGlite)', () => {
  it('reads the lab’s event types from the global log in its order, across pages, and nothing else', async () => {
    const dir = await createTempDir('policy-lab-history');
    const db = await createPgliteDatabase(dir.path);
    try {
      const store = await PostgresEventStore.create(db);
      const qualified = (leadId: string) => ({
        type: 'LeadQualified',
        data: { leadId, sdrId: 's1', reason: 'fit', at: '2026-03-02T09:00:00.000Z' },
      });
      await store.appendToStream('assignment-a', [qualified('a')]);
      await store.appendToStream('notifications-x', [{ type: 'SomethingElse', data: {} }]);
      await store.appendToStream('assignment-b', [qualified('b'), { type: 'SdrNotified', data: { leadId: 'b' } }]);
      await store.appendToStream('assignment-c', [qualified('c')]);
      const progress: number[] = [];
      const records = await readLabHistory(store, { pageSize: 2, onProgress: (n) => progress.push(n) });
      expect(records.map((r) => (r.event.data as { leadId: string }).leadId)).toEqual(['a', 'b', 'c']);
      expect(records.every((r) => r.event.type === 'LeadQualified' && r.id.length > 0)).toBe(true);
      expect(progress[progress.length - 1]).toBe(3);
    } finally {
      await db.close();
      await dir.cleanup();
    }
  });
});
