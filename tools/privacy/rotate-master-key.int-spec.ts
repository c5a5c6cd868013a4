import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { PERSONAL_DATA_FIELDS } from '@leadline/domain';
import { createPgDatabase, MasterKeyMismatchError, PersonalDataCodec, PersonalDataVault, PostgresEventStore } from '@leadline/event-store';
import { createTestDatabase, runTs, waitForExit } from '@leadline/testing';

const CLI = join(__dirname, 'rotate-master-key.ts');

describe('npm run privacy:rotate-master-key', () => {
  it('re-wraps the data keys under the new master key: the old one is refused, the new one reads everything', async () => {
    const database = await createTestDatabase('privacy-rotate');
    const db = await createPgDatabase(database.url);
    try {
      const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
      const store = await PostgresEventStore.create(db, {
        codec: new PersonalDataCodec(await PersonalDataVault.open(db, oldKey), PERSONAL_DATA_FIELDS),
      });
      const contact = { firstName: 'Lise', lastName: 'Meitner', email: 'lise@example.org', phone: null, title: null };
      const data = { leadId: 'L1', contact, attributes: {} };
      await store.appendToStream('lead-L1', [{ type: 'LeadCaptured', data, metadata: { leadId: 'L1' } }]);

      const child = runTs(CLI, [], {
        DATABASE_URL: database.url,
        LEADLINE_MASTER_KEY: oldKey.toString('base64'),
        LEADLINE_NEW_MASTER_KEY: newKey.toString('hex'),
      });
      expect(await waitForExit(child, 120_000)).toBe(0);
      expect(child.output()).toContain('{"rewrapped":1}');
      expect(child.output()).not.toContain(newKey.toString('hex'));

      await expect(PersonalDataVault.open(db, oldKey)).rejects.toThrow(MasterKeyMismatchError);
      const rotated = await PostgresEventStore.create(db, {
        migrate: false,
        codec: new PersonalDataCodec(await PersonalDataVault.open(db, newKey), PERSONAL_DATA_FIELDS),
      });
      expect((await rotated.readStream('lead-L1'))[0].data).toEqual(data);
    } finally {
      await db.close();
      await database.drop();
    }
  }, 180_000);
});
