import type { TestApp } from '@leadline/platform/testing';
import { waitFor } from '@leadline/testing';

/** A demo request of its own for each `n` (`name` tells the specs' leads apart). */
export const loadLead = (name: string, n: number) => ({
  source: 'demo-request',
  contact: { firstName: name, lastName: `Lead${n}`, email: `${name.toLowerCase()}${n}@${name.toLowerCase()}${n}.com`, title: 'VP Sales' },
  company: { name: `${name} ${n} Inc`, website: `https://${name.toLowerCase()}${n}.com`, country: 'US' },
  consent: true,
});

/** POST /leads as admin, over the app's listening port. */
export const captureLoadLead = (t: TestApp, name: string, n: number) =>
  fetch(`${t.url}/leads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(loadLead(name, n)),
  });

/** LeadCaptured events in the whole store. */
export const capturedCount = async (t: TestApp) =>
  Number(
    (await t.db.query<{ n: string }>(`select count(*)::text as n from event_store.events where event_type = 'LeadCaptured'`)).rows[0].n,
  );

/** Waits until every accepted lead is scored, then checks no other of them was. */
export async function expectEveryScored(t: TestApp, accepted: readonly string[]): Promise<void> {
  const scored = async () =>
    (
      await t.db.query<{ lead_id: string }>(
        `select lead_id from event_store.events where event_type = 'LeadScored' and lead_id = any($1::text[])`,
        [accepted],
      )
    ).rows.map((row) => row.lead_id);
  await waitFor(async () => (await scored()).length === accepted.length, { message: 'every accepted lead scored', timeoutMs: 60_000 });
  expect(new Set(await scored())).toEqual(new Set(accepted));
}
