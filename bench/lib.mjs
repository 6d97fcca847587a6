// Helpers for bench/run.mjs: child processes with timing, medians, machine facts, formatting.
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, readFileSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';

/** Keeps the last `limit` characters of a stream. */
function tail(limit) {
  let text = '';
  return {
    add(chunk) {
      text += chunk;
      if (text.length > 2 * limit) text = text.slice(-limit);
    },
    get text() {
      return text.length > limit ? text.slice(-limit) : text;
    },
  };
}

/**
 * Runs a command and measures its whole-process wall time (spawn to exit).
 * @returns {Promise<{code: number|null, signal: string|null, seconds: number, stdout: string, stderr: string, timedOut: boolean}>}
 */
export function runProcess(command, args, { cwd, env, timeoutSeconds = 600, keepStdout = false } = {}) {
  return new Promise((resolve, reject) => {
    const stdout = keepStdout ? { text: '', add(chunk) { this.text += chunk; } } : tail(4096);
    const stderr = tail(4096);
    let timedOut = false;
    let exit;
    const start = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', (chunk) => stdout.add(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => stderr.add(chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutSeconds * 1000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal, seconds: (performance.now() - start) / 1000 };
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve({ ...exit, stdout: stdout.text, stderr: stderr.text, timedOut });
    });
  });
}

/** The median of numbers (mean of the middle two for an even count); null for none. */
export function median(values) {
  const sorted = values.filter((value) => typeof value === 'number' && Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Counts the newline bytes of a file, streaming. */
export async function countLines(file) {
  let lines = 0;
  for await (const chunk of createReadStream(file)) {
    for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) lines++;
  }
  return lines;
}

/** The CPU model, from lscpu when it is there (os.cpus() can be terse in VMs). */
function cpuModel() {
  const lscpu = spawnSync('lscpu', [], { encoding: 'utf8' });
  if (lscpu.status === 0) {
    const line = lscpu.stdout.split('\n').find((text) => /^Model name:/.test(text));
    if (line) return line.replace(/^Model name:\s*/, '').trim();
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

/** What the figures were measured on. */
export function machineInfo() {
  const release = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]*)"?/m)?.[1] : undefined;
  return {
    cpuModel: cpuModel(),
    cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length,
    logicalCpus: os.cpus().length,
    memoryBytes: os.totalmem(),
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${release ?? os.type()} (${os.platform()} ${os.release()} ${os.arch()})`,
  };
}

/** The commit measured, and whether the working tree had changes on top of it. */
export function gitInfo(cwd) {
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8' });
  if (head.status !== 0) return { commit: null, dirty: null };
  const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, encoding: 'utf8' });
  return { commit: head.stdout.trim(), dirty: status.status === 0 ? status.stdout.trim() !== '' : null };
}

/** Removes a directory tree, ignoring errors. */
export function removeTree(dir) {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // best effort
  }
}

/** Formats a number for the table. */
export function formatValue(value, unit) {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'string') return value;
  if (unit === 'events/s' || unit === 'events' || unit === 'bytes' || unit === 'executions/s') return Math.round(value).toLocaleString('en-US');
  if (unit === 's') return value.toFixed(3);
  if (unit === 'MB') return value.toFixed(1);
  if (unit === 'MiB') return value.toFixed(2);
  if (unit === 'ms') return value.toFixed(0);
  if (unit === 'x') return value.toFixed(2);
  if (unit === 'count ratio') return value.toFixed(4);
  if (unit === 'bytes/event') return value.toFixed(1);
  return String(Math.round(value * 1000) / 1000);
}

/** Lays out rows as a plain-text table. */
export function table(header, rows) {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => String(row[column]).length)));
  const line = (cells) => cells.map((cell, column) => (column === 1 ? String(cell).padStart(widths[column]) : String(cell).padEnd(widths[column]))).join('  ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
