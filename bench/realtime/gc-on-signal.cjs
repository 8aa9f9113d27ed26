/**
 * Preloaded into a web node for the memory measurement (`node --expose-gc --require
 * bench/realtime/gc-on-signal.cjs dist/main.js`). On SIGUSR2 it collects all the garbage it can
 * with V8's last-resort GC, which also hands the freed heap pages back to the system (after a
 * plain full GC they stay resident, and the connections opened next would reuse them without the
 * RSS growing), then writes process.memoryUsage() as JSON to BENCH_REALTIME_MEMORY_FILE.
 */
const { writeFileSync } = require('node:fs');

const file = process.env.BENCH_REALTIME_MEMORY_FILE;

if (typeof global.gc === 'function' && file) {
  process.on('SIGUSR2', () => {
    global.gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    writeFileSync(file, JSON.stringify(process.memoryUsage()));
  });
}
