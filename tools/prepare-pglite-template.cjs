// `npm ci` / `npm install` (prepare): make the PGlite template once, so the first `npm start`
// on a fresh clone skips initdb. Best effort: a failure only makes that first start slower.
require('./register.cjs');
const { createPgliteDatabase } = require('../libs/event-store/src/drivers/pglite.database.ts');
const { hasTemplate } = require('../libs/event-store/src/drivers/pglite-template.ts');

if (hasTemplate()) process.exit(0);
createPgliteDatabase()
  .then((db) => db.close())
  .then(() => console.log('[prepare] PGlite template ready'))
  .catch((error) => console.warn(`[prepare] PGlite template not made: ${error.message}`));
