// Runs the chitty-sim CLI in this process and, at exit, writes its peak resident memory to a file:
//
//   CHITTY_BENCH_RSS_OUT=FILE node bench/peak-rss.mjs run scenarios/x.yaml --quiet ...
//
// FILE gets {"maxRSSBytes": N, "exitCode": N}. process.resourceUsage().maxRSS is getrusage's peak
// resident set (the same figure as `/usr/bin/time -f %M`), and works wherever Node does.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../bin/chitty-sim.js', import.meta.url));
const out = process.env.CHITTY_BENCH_RSS_OUT;

process.on('exit', (code) => {
  if (out) writeFileSync(out, JSON.stringify({ maxRSSBytes: process.resourceUsage().maxRSS * 1024, exitCode: code }));
});

// The CLI reads its arguments with hideBin(process.argv): make it look as if it was started directly.
process.argv = [process.argv[0], cli, ...process.argv.slice(2)];
await import('../bin/chitty-sim.js');
