import type { SqlDatabase } from '@leadline/event-store';
import type { PlatformConfig } from '../../config';
import type { EventLogServer } from '../../reactions/event-log.server';
import { IntakeBacklog } from './intake-backlog';

/** A backlog over a database that answers the sample with `seconds` (or fails, or waits for `release`). */
function backlogOf(maxSeconds: number | undefined) {
  const answers: Array<() => Promise<{ rows: Array<{ seconds: number }> }>> = [];
  let queries = 0;
  const db = {
    query: () => {
      queries += 1;
      const answer = answers.shift();
      if (!answer) throw new Error('no answer prepared');
      return answer();
    },
  } as unknown as SqlDatabase;
  const reactions = { storeProcessors: () => [{ id: 'subscription:x', filter: {} }] } as unknown as EventLogServer;
  const config = { http: { intakeMaxBacklogSeconds: maxSeconds } } as unknown as PlatformConfig;
  return {
    backlog: new IntakeBacklog(config, db, reactions),
    answer: (seconds: number) => answers.push(async () => ({ rows: [{ seconds }] })),
    fail: () => answers.push(async () => Promise.reject(new Error('connection refused'))),
    hold: (seconds: number) => {
      let release = () => undefined as void;
      answers.push(() => new Promise((resolve) => (release = () => resolve({ rows: [{ seconds }] }))));
      return () => release();
    },
    queries: () => queries,
  };
}

describe('intake backlog bound', () => {
  it('off (INTAKE_MAX_BACKLOG_SECONDS=0): admits without reading anything', async () => {
    const b = backlogOf(undefined);
    expect(await b.backlog.check()).toEqual({ admitted: true });
    expect(b.queries()).toBe(0);
    expect(b.backlog.status()).toEqual({ maxBacklogSeconds: null, backlogSeconds: null, refused: 0 });
  });

  it('the first request samples and decides; past the bound: refused, Retry-After the age beyond it, 1 to 30 s', async () => {
    const b = backlogOf(2);
    b.answer(5.2);
    expect(await b.backlog.check()).toEqual({ admitted: false, retryAfterSeconds: 4 });
    // A fresh sample decides the next ones alone.
    expect(await b.backlog.check()).toEqual({ admitted: false, retryAfterSeconds: 4 });
    expect(b.queries()).toBe(1);
    expect(b.backlog.status()).toEqual({ maxBacklogSeconds: 2, backlogSeconds: 5.2, refused: 2 });

    const far = backlogOf(2);
    far.answer(600);
    expect(await far.backlog.check()).toEqual({ admitted: false, retryAfterSeconds: 30 });
    const just = backlogOf(2);
    just.answer(2.01);
    expect(await just.backlog.check()).toEqual({ admitted: false, retryAfterSeconds: 1 });
    const under = backlogOf(2);
    under.answer(1.9);
    expect(await under.backlog.check()).toEqual({ admitted: true });
  });

  it('a failed sample admits; a slow one holds only the request that had no figure', async () => {
    const b = backlogOf(2);
    b.fail();
    expect(await b.backlog.check()).toEqual({ admitted: true });

    b.answer(3);
    expect(await b.backlog.check()).toEqual({ admitted: false, retryAfterSeconds: 1 });
    const release = b.hold(0);
    const sampling = b.backlog.sample();
    // The slow sample is under way: requests meanwhile decide with the last figure, whatever its age.
    jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 5_000);
    try {
      expect(await b.backlog.check()).toEqual({ admitted: false, retryAfterSeconds: 1 });
    } finally {
      jest.restoreAllMocks();
    }
    release();
    await sampling;
    expect(await b.backlog.check()).toEqual({ admitted: true });
    expect(b.queries()).toBe(3);
  });
});
