// `npm ci` / `npm install` (prepare): make the PGlite template once (a tarball and a folder), so the
// first `npm start` on a fresh clone skips initdb. Best effort: a failure only makes that first start slower.
// Runs in the repository (TypeScript, through the register hook) and in the production build
// (`npm run build`, where the same modules are compiled JavaScript and the hook is absent).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

if (existsSync(join(__dirname, 'register.cjs'))) require('./register.cjs');
const { createPgliteDatabase } = require('../libs/event-store/src/drivers/pglite.database');
const { hasTemplate, saveTemplateFolder } = require('../libs/event-store/src/drivers/pglite-template');

if (hasTemplate()) process.exit(0);
createPgliteDatabase()
  .then((db) => db.close())
  .then(() => saveTemplateFolder())
  .then(() => console.log('[prepare] PGlite template ready'))
  .catch((error) => console.warn(`[prepare] PGlite template not made: ${error.message}`));
