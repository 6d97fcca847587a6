/**
 * The run's log, as stdout shows it: `report` is the Go format of the report's logs
 * (`YYYY/MM/DD HH:MM:SS TEXT`), `pretty` a readable table. Only events that log or print appear.
 */
import { lamportSuffix, type EventRecord, type TraceSink } from '../sim/record.js';

export type LogFormat = 'pretty' | 'report';

/** Maps an event to the wall time its node's log shows, in ms since the Unix epoch. */
export type WallClock = (node: number, tUs: number) => number;

const pad2 = (value: number) => (value < 10 ? `0${value}` : `${value}`);

/** Go's default log timestamp, `2021/11/03 08:51:02`, of a UTC epoch time. */
export function goTimestamp(epochMs: number): string {
  const date = new Date(Math.floor(epochMs / 1000) * 1000);
  return `${date.getUTCFullYear()}/${pad2(date.getUTCMonth() + 1)}/${pad2(date.getUTCDate())} ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}`;
}

/** Formats the log and hands it to `write` in chunks of about `chunkChars` characters (default 64 Ki). */
export class LogSink implements TraceSink {
  private buffer = '';
  private readonly nameWidth: number;
  private readonly paddedNames: string[];
  private lastSecond = Number.NaN;
  private lastStamp = '';

  constructor(
    private readonly format: LogFormat,
    nodeNames: readonly string[],
    private readonly wallClock: WallClock,
    private readonly write: (chunk: string) => void,
    private readonly chunkChars = 1 << 16,
  ) {
    this.nameWidth = Math.max(4, ...nodeNames.map((name) => name.length));
    this.paddedNames = nodeNames.map((name) => name.padEnd(this.nameWidth));
    if (format === 'pretty') {
      this.buffer = `${'time ms'.padStart(11)}  ${'node'.padEnd(this.nameWidth)}  ${'event'.padEnd(58)} lamport\n`;
    }
  }

  record(event: EventRecord): void {
    if (event.text === '' && event.shows === '') return;
    if (this.format === 'report') {
      const stamp = this.stamp(event.node, event.tUs);
      if (event.text !== '') this.buffer += `${stamp} ${event.text}${lamportSuffix(event.lamport)}\n`;
      if (event.shows !== '') this.buffer += `${stamp} ${event.showsLamport ? event.shows + lamportSuffix(event.lamport) : event.shows}\n`;
    } else {
      const time = (event.tUs / 1000).toFixed(3).padStart(11);
      const node = this.paddedNames[event.node];
      if (event.text !== '') this.buffer += `${time}  ${node}  ${event.text.padEnd(58)} ${String(event.lamport).padStart(7)}\n`;
      if (event.shows !== '') {
        const shown = event.showsLamport ? event.shows + lamportSuffix(event.lamport) : event.shows;
        this.buffer += `${time}  ${node}  » ${shown}\n`;
      }
    }
    if (this.buffer.length >= this.chunkChars) this.flush();
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
