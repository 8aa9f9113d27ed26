/**
 * Preloaded into every web node of the bench (`node --expose-gc --require
 * bench/realtime/gc-on-signal.cjs dist/main.js`). On SIGUSR2 it collects garbage, then writes
 * process.memoryUsage() as JSON to BENCH_REALTIME_MEMORY_FILE (which also tells the bench it is
 * done). How, BENCH_REALTIME_GC says:
 *   - `release` (the memory readings): all the garbage it can, with V8's last-resort GC, which also
 *     hands the freed heap pages back to the system (after a plain full GC they stay resident, and
 *     the connections opened next would reuse them without the RSS growing);
 *   - `young` (before a throughput turn publishes): two scavenges, which move what the
 *     connections just opened keep out of the young generation, as the node's next scavenges
 *     would have, without resetting the heap's limits the way a full collection does.
 */
const { writeFileSync } = require('node:fs');

const file = process.env.BENCH_REALTIME_MEMORY_FILE;
const collect =
  process.env.BENCH_REALTIME_GC === 'young'
    ? () => {
        global.gc({ type: 'minor' });
        global.gc({ type: 'minor' });
      }
    : () => global.gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });

if (typeof global.gc === 'function' && file) {
  process.on('SIGUSR2', () => {
    collect();
    writeFileSync(file, JSON.stringify(process.memoryUsage()));
  });
}
