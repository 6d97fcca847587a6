/**
 * The run's log, as stdout shows it: `report` is the Go format of the report's logs
 * (`YYYY/MM/DD HH:MM:SS TEXT`), exactly what the nodes logged and printed; `pretty` a readable
 * table that also says what the engine did (crashes, restarts, lost and duplicated messages).
 */
import type { EventRecord, TraceSink } from '../sim/record.js';

export type LogFormat = 'pretty' | 'report';

/** Maps an event to the wall time its node's log shows, in ms since the Unix epoch. */
export type WallClock = (node: number, tUs: number) => number;

const pad2 = (value: number) => (value < 10 ? `0${value}` : `${value}`);

/** Go's default log timestamp, `2021/11/03 08:51:02`, of a UTC epoch time. */
export function goTimestamp(epochMs: number): string {
  const date = new Date(Math.floor(epochMs / 1000) * 1000);
  return `${date.getUTCFullYear()}/${pad2(date.getUTCMonth() + 1)}/${pad2(date.getUTCDate())} ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}`;
}

const SUFFIX = ', lamport time: ';

/**
 * The text without a trailing `, lamport time: L` when L is the event's own Lamport time: the
 * pretty table has a column for it.
 */
function withoutOwnLamport(text: string, lamport: number): string {
  const number = String(lamport);
  const at = text.length - number.length - SUFFIX.length;
  return at >= 0 && text.endsWith(number) && text.startsWith(SUFFIX, at) ? text.slice(0, at) : text;
}

/** Formats the log and hands it to `write` in chunks of about `chunkChars` characters (default 64 Ki). */
export class LogSink implements TraceSink {
  private buffer = '';
  private readonly paddedNames: string[];
  private readonly names: readonly string[];
  private lastSecond = Number.NaN;
  private lastStamp = '';
  /** One bit per message id received, to tell a duplicate delivery (pretty format). */
  private received = new Uint8Array(1024);

  constructor(
    private readonly format: LogFormat,
    nodeNames: readonly string[],
    private readonly wallClock: WallClock,
    private readonly write: (chunk: string) => void,
    private readonly chunkChars = 1 << 16,
  ) {
    this.names = nodeNames;
    const nameWidth = Math.max(4, ...nodeNames.map((name) => name.length));
    this.paddedNames = nodeNames.map((name) => name.padEnd(nameWidth));
    if (format === 'pretty') this.buffer = `${'time ms'.padStart(11)}  ${'node'.padEnd(nameWidth)}  ${'lamport'.padStart(7)}  event\n`;
  }

  record(event: EventRecord): void {
    if (this.format === 'report') this.reportLines(event);
    else this.prettyLines(event);
    if (this.buffer.length >= this.chunkChars) this.flush();
  }

  private reportLines(event: EventRecord): void {
    if (event.text === '' && event.shows === '') return;
    const stamp = this.stamp(event.node, event.tUs);
    if (event.text !== '') this.buffer += `${stamp} ${event.text}\n`;
    if (event.shows !== '') this.buffer += `${stamp} ${event.shows}\n`;
  }

  private prettyLines(event: EventRecord): void {
    const kind = event.kind;
    const start = `${(event.tUs / 1000).toFixed(3).padStart(11)}  ${this.paddedNames[event.node]}  `;
    const blank = `${start}${' '.repeat(7)}  `;
    if (kind === 'drop') {
      this.buffer += `${blank}lost: ${event.type ?? 'message'} from ${this.names[event.peer]} (${event.reason})\n`;
      return;
    }
    if (kind === 'crash' || kind === 'restart') {
      this.buffer += `${blank}${kind === 'crash' ? 'crashed: its memory is lost' : 'restarted'}\n`;
      return;
    }
    if (event.text !== '') this.buffer += `${start}${String(event.lamport).padStart(7)}  ${withoutOwnLamport(event.text, event.lamport)}\n`;
    if (kind === 'receive' && this.receivedBefore(event.msg)) {
      this.buffer += `${blank}duplicate: ${event.type ?? 'message'} from ${this.names[event.peer]} (message ${event.msg} delivered again)\n`;
    }
    if (event.shows !== '') this.buffer += `${blank}» ${event.shows}\n`;
  }

  /** Marks message `msg` received; true when it was received before. */
  private receivedBefore(msg: number): boolean {
    if (msg < 0) return false;
    const byte = msg >>> 3;
    if (byte >= this.received.length) {
      const grown = new Uint8Array(Math.max(byte + 1, this.received.length * 2));
      grown.set(this.received);
      this.received = grown;
    }
    const bit = 1 << (msg & 7);
    const before = (this.received[byte] & bit) !== 0;
    this.received[byte] |= bit;
    return before;
  }

  private stamp(node: number, tUs: number): string {
    const epochMs = this.wallClock(node, tUs);
    const second = Math.floor(epochMs / 1000);
    if (second !== this.lastSecond) {
      this.lastSecond = second;
      this.lastStamp = goTimestamp(epochMs);
    }
    return this.lastStamp;
  }

  /** Hands any buffered text to the writer. */
  flush(): void {
    if (this.buffer !== '') {
      const chunk = this.buffer;
      this.buffer = '';
      this.write(chunk);
    }
  }
}
