/** Ports before anything starts: a taken port is reported up front, by name, instead of as one process's crash. */
import { createServer } from 'node:net';
import { ShopConfigError } from '../process/environment.js';
import type { PortSetting } from './start-options.js';

export class PortInUseError extends ShopConfigError {}

function listenOnce(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, host, () => {
      const bound = (server.address() as { port: number }).port;
      server.close(() => resolve(bound));
    });
  });
}

export async function assertPortsFree(settings: PortSetting[], host: string): Promise<void> {
  for (const setting of settings.filter((s) => s.port !== 0)) {
    try {
      await listenOnce(host, setting.port);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      throw new PortInUseError(
        `port ${setting.port} (${setting.role}) is already in use: stop what runs there (an earlier npm start?) or choose another port with ${setting.flag} / ${setting.variable} (0: any free port)`,
      );
    }
  }
}

/**
 * A free port for a process that others must know before it starts (the api needs the web origin for CORS, the
 * web page needs the api URL). The port is free when this returns; the kernel hands out ephemeral ports in turn, so
 * another process taking it in the moment before the child binds is unlikely, and would be reported as in use.
 */
export const freePort = (host: string) => listenOnce(host, 0);
