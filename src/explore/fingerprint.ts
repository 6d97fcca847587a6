/**
 * A number that names an execution's happens-before relation: two executions that differ only in
 * the order of independent events get the same one. It hashes each node's events in their order
 * (a change of the network is on every node's line); that is the whole relation, for events of
 * one node are the dependent ones and every other order follows from which choice enabled which.
 */
import type { ExecutionLog } from './happens-before.js';

/** A 53-bit hash of the execution's lines. */
export function fingerprint(log: ExecutionLog): number {
  const nodeLines = log.lines - 1;
  let high = 0x811c9dc5;
  let low = 0x01000193;
  for (let line = 0; line < nodeLines; line++) {
    high = Math.imul(high ^ (line + 0x9e37), 0x01000193);
    low = Math.imul(low ^ (line + 0x7f4a), 0x85ebca6b);
    for (let position = 0; position < log.length; position++) {
      const on = log.lineOf[position];
      if (on !== line && on !== nodeLines) continue;
      const key = log.keys[position];
      const keyLow = key % 0x100000000;
      const keyHigh = Math.floor(key / 0x100000000);
      high = Math.imul(high ^ keyLow, 0x01000193) ^ keyHigh;
      low = Math.imul(low ^ keyHigh, 0xc2b2ae35) ^ keyLow;
      low = (low ^ (low >>> 15)) | 0;
    }
  }
  return (high >>> 0) * 2 ** 21 + ((low >>> 0) >>> 11);
}
