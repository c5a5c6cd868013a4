#!/bin/sh
# `npm start`'s last step (and the compiled platform bench:memory:embedded starts; in a build, and the image,
# tools/start-image.sh's for the embedded platform): runs `node "$@"` with the embedded process's V8 flags and
# malloc setting and replaces this shell (exec), so signals reach the platform.
# Issue 15's aim is RSS <= 300 MB after 10,000 leads; the figures are in docs/benchmarks.md ("Memory, embedded").
#
#   PLATFORM_NODE_FLAGS  node's flags; default "--heap-growing-percent=30 --liftoff-only --max-semi-space-size=8":
#                        --heap-growing-percent=30: V8 lets the heap grow 30 % past what its last full collection
#                        kept before it collects again (its own factor goes up to 4x on a machine with memory, and
#                        that garbage was most of the RSS under leads).
#                        --liftoff-only: PGlite's WebAssembly (PostgreSQL) runs on V8's baseline compiler only, never
#                        tiered up to TurboFan, whose compilations left ~50 MiB of freed malloc glibc does not give
#                        back; the line's CPU per lead did not grow (JavaScript is optimised as before).
#                        --max-semi-space-size=8: V8's young generation grows to 3 x 8 MiB instead of 3 x 16 (Node
#                        20's default); ~20 MiB less RSS after 10,200 leads, CPU per lead unchanged at 100 leads/s.
#                        Empty: V8's defaults. A hard bound: --max-old-space-size=<MiB> (past it the process dies out
#                        of memory).
#   MALLOC_ARENA_MAX     glibc's malloc arenas; default 2 (glibc's own bound: 8 per core): ~10 MiB less RSS after
#                        10,200 leads on its own, 256 against 284 MiB after 10,000 with the cap above (docs/benchmarks.md,
#                        "Issue 15, the twentieth 2026-12-07 session"). Empty: glibc's.
#
# A flag in NODE_OPTIONS is overridden by the same flag here (node's rule), and NODE_OPTIONS refuses most V8 flags
# (--heap-growing-percent among them): set PLATFORM_NODE_FLAGS instead.
flags=${PLATFORM_NODE_FLAGS-"--heap-growing-percent=30 --liftoff-only --max-semi-space-size=8"}
MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX-2}
if [ -n "$MALLOC_ARENA_MAX" ]; then export MALLOC_ARENA_MAX; else unset MALLOC_ARENA_MAX; fi
# shellcheck disable=SC2086 # a list of flags, split on spaces on purpose
exec node $flags "$@"
