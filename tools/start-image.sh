#!/bin/sh
# The image's entry point (deploy/docker/Dockerfile, after tini), and `npm start` in a built dist/: runs
# `node tools/start-service.js <command>` from the folder this script is in. `platform` on the embedded PGlite (no
# DATABASE_URL or DATABASE_URL_FILE) runs through start-platform.sh beside it, with the node flags and malloc setting
# `npm start` gives it in the repository (PLATFORM_NODE_FLAGS, MALLOC_ARENA_MAX: see that script). A service,
# `migrate`, and `platform` on PostgreSQL (the small overlay's pods) run on plain node, V8's defaults, as the
# distributed benchmarks run them. exec all the way, so the signals tini forwards reach node.
here=$(dirname "$0")
if [ "$1" = platform ] && [ -z "$DATABASE_URL" ] && [ -z "$DATABASE_URL_FILE" ]; then
  exec sh "$here/start-platform.sh" "$here/start-service.js" "$@"
fi
exec node "$here/start-service.js" "$@"
