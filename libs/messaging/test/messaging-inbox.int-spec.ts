import { createPgDatabase, type SqlDatabase } from '@leadline/event-store';
import { preparedOnTheConnection } from '@leadline/event-store/testing';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { claimInboxEntries, claimInboxEntry, migrateInbox } from '../src';

describe('the inbox claims on a pg connection', () => {
  let database: TestDatabase;
  let db: SqlDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('inbox-prepared');
    // One connection: every claim runs on it, so its pg_prepared_statements shows them.
    db = await createPgDatabase(database.url, { poolSize: 1 });
    await migrateInbox(db);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it("claims each event once per group, every delivery's claim a statement parsed once and run again by name", async () => {
    const answers: Array<string[] | boolean> = [];
    for (const ids of [['e1', 'e2'], ['e2', 'e3', 'e3'], ['e1']]) {
      answers.push(await db.transaction(async (tx) => [...(await claimInboxEntries(tx, 'group-a', ids))]));
    }
    for (const id of ['e4', 'e4', 'e1']) answers.push(await db.transaction((tx) => claimInboxEntry(tx, 'group-a', id)));
    answers.push(await db.transaction((tx) => claimInboxEntry(tx, 'group-b', 'e1')));
    expect(answers).toEqual([['e1', 'e2'], ['e3'], [], true, false, false, true]);

    const rows = (await preparedOnTheConnection(db))
      .filter((row) => row.statement.includes('messaging.messaging_inbox'))
      .sort((a, b) => a.runs - b.runs);
    expect(rows.map((row) => [row.statement.includes('unnest($2::text[])') ? 'many' : 'one', row.runs])).toEqual([
      ['many', 3],
      ['one', 4],
    ]);
  });
});
