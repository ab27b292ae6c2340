'use strict';
/**
 * One pipeline size for the engine bench (scripts/bench.js), in a worker thread: each size has a V8 heap
 * of its own, so neither pays for the other's garbage, while the main thread alternates their runs.
 *
 * workerData: { root, n, today }. Posts { ready, rows, findings } once the snapshot is built, then answers
 * each message with the milliseconds of one analyze().
 */
const path = require('path');
const { parentPort, workerData } = require('worker_threads');
const synthetic = require('./synthetic');

const lib = (p) => require(path.join(workerData.root, 'lib', p));
const engine = synthetic.engineOf(lib);
const { analyze } = lib('engine/analyze');
const { n, today } = workerData;

const snapshot = synthetic.toSnapshot(engine, synthetic.syntheticRows(engine, n, { lang: 'zh', today }), 'zh');
const rows = Object.values(snapshot.tables).reduce((a, t) => a + t.rows.length, 0);
const findings = analyze(snapshot, { asOf: today }).findings.length;

parentPort.on('message', () => {
  const t = process.hrtime.bigint();
  analyze(snapshot, { asOf: today });
  parentPort.postMessage(Number(process.hrtime.bigint() - t) / 1e6);
});
parentPort.postMessage({ ready: true, rows, findings });
