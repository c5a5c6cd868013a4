import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../config';
import { loadMasterKey, parseMasterKey } from './master-key';

describe('the master key', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'leadline-master-key-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('is generated once into the data folder, readable by its owner only, and the same on every start', async () => {
    const config = { dataDir: join(dir, 'data') };
    const [first, second] = await Promise.all([loadMasterKey(config), loadMasterKey(config)]);
    expect(first).toHaveLength(32);
    expect(second.equals(first)).toBe(true);
    expect((await loadMasterKey(config)).equals(first)).toBe(true);
    expect((await stat(join(dir, 'data', 'master.key'))).mode & 0o777).toBe(0o600);
  });

  it('is the configured one (base64 or hex) when set, never generated then', async () => {
    const key = randomBytes(32);
    expect((await loadMasterKey({ dataDir: dir, masterKey: key.toString('base64') })).equals(key)).toBe(true);
    expect((await loadMasterKey({ dataDir: dir, masterKey: key.toString('hex') })).equals(key)).toBe(true);
    await expect(readFile(join(dir, 'master.key'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a key of the wrong size without echoing the value', async () => {
    const short = randomBytes(16).toString('base64');
    const error = (() => {
      try {
        parseMasterKey(short, 'LEADLINE_MASTER_KEY');
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a ConfigurationError');
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).not.toContain(short);
    await expect(loadMasterKey({ dataDir: dir, masterKey: short })).rejects.toThrow(ConfigurationError);
  });
});
