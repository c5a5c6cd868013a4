import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localListener } from './local-listener';

const listen = (host: string) =>
  new Promise<Server>((resolve) => {
    const server = createServer();
    server.listen(0, host, () => resolve(server));
  });
const portOf = (server: Server) => (server.address() as AddressInfo).port;
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('localListener (the process behind a local address, from /proc)', () => {
  it('finds this process listening on a loopback port, and nothing once it stopped listening', async () => {
    const server = await listen('127.0.0.1');
    const port = portOf(server);
    expect(localListener(`127.0.0.1:${port}`)).toEqual({ pid: process.pid, kafkaRelease: undefined });
    expect(localListener(`localhost:${port}`)?.pid).toBe(process.pid);
    await close(server);
    expect(localListener(`127.0.0.1:${port}`)).toBeUndefined();
  });

  it('finds a listener on IPv6 loopback too', async () => {
    const server = await listen('::1');
    try {
      expect(localListener(`[::1]:${portOf(server)}`)?.pid).toBe(process.pid);
    } finally {
      await close(server);
    }
  });

  it('says nothing of an address on another host', () => {
    expect(localListener('10.11.12.13:9092')).toBeUndefined();
    expect(localListener('kafka.example.com:9092')).toBeUndefined();
  });

  it("reads a broker's Kafka release from the jar in its class path's directory", async () => {
    const lib = mkdtempSync(join(tmpdir(), 'local-listener-'));
    writeFileSync(join(lib, 'kafka-clients-9.8.7.jar'), '');
    writeFileSync(join(lib, 'kafka_2.13-9.8.7.jar'), '');
    // A stand-in for the broker: a process of its own, listening, with the class path on its command line.
    const child: ChildProcess = spawn(
      process.execPath,
      ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port))", '--', '-cp', `${lib}/*`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const [port] = await once(child.stdout!, 'data');
      expect(localListener(`127.0.0.1:${Number(String(port).trim())}`)).toEqual({ pid: child.pid, kafkaRelease: '9.8.7' });
    } finally {
      child.kill();
      rmSync(lib, { recursive: true, force: true });
    }
  });
});
