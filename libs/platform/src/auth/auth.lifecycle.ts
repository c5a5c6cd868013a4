import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { PlatformConfig } from '../config';
import { defaultLogFormat } from '../logging/platform-logger';
import { PLATFORM_CONFIG } from '../platform.tokens';
import { ApiKeys } from './api-keys.service';
import { RouteDeclarations } from './route-declarations';

/** The file in an embedded data folder that holds the first admin key (mode 0600). */
export const ADMIN_KEY_FILE = 'admin-key';

/**
 * Checks that every route declares who may call it, then makes sure someone can get in: the configured AUTH_ADMIN_KEY
 * is issued if missing; on a fresh embedded data folder with no key at all, an admin key is issued,
 * written to `<data folder>/admin-key` (0600) and, to a terminal (LOG_FORMAT pretty), printed once.
 */
@Injectable()
export class AuthLifecycle implements OnModuleInit {
  private readonly logger = new Logger('Auth');

  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly keys: ApiKeys,
    private readonly routes: RouteDeclarations,
  ) {}

  async onModuleInit(): Promise<void> {
    // Before anything is written: an application with an undeclared route does not start at all.
    this.routes.assertAllDeclared();
    const { adminKey, disabled } = this.config.auth;
    if (adminKey) {
      const outcome = await this.keys.ensure(adminKey, { label: 'admin (AUTH_ADMIN_KEY)', roles: ['admin'] }, 'bootstrap');
      if (outcome === 'refused') this.logger.warn('AUTH_ADMIN_KEY is revoked or its id holds another key: it does not authenticate');
      return;
    }
    if (disabled || (await this.keys.count()) > 0) return;
    if (this.config.databaseUrl) {
      this.logger.warn('No API key exists yet: set AUTH_ADMIN_KEY (or AUTH_ADMIN_KEY_FILE) to an admin key to get in');
      return;
    }
    const issued = await this.keys.issue({ label: 'first admin key', roles: ['admin'] }, 'bootstrap');
    const file = join(this.config.dataDir, ADMIN_KEY_FILE);
    await writeFile(file, `${issued.key}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
    // A secret is no log line: shown once to a person at a terminal, only named where logs are collected.
    if ((this.config.logFormat ?? defaultLogFormat()) === 'json') {
      this.logger.log(`Created the first admin API key in ${file} (mode 0600); send it as "Authorization: Bearer <key>"`);
      return;
    }
    process.stdout.write(
      `\nLeadline created the first admin API key (shown once; also in ${file}, mode 0600):\n\n    ${issued.key}\n\n` +
        `Send it as "Authorization: Bearer <key>". Create narrower keys with: npm run keys -- create --roles intake --label "web form"\n\n`,
    );
  }
}
