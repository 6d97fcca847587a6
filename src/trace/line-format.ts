/**
 * One event as its trace line (NDJSON), as text. Lines are built by hand rather than with
 * JSON.stringify of an object, because this runs once per event; strings still go through
 * JSON.stringify for escaping. Pure, and no Buffer: the command line's writer (write.ts) encodes
 * the lines into chunks of bytes, a browser keeps them as text (text-sink.ts).
 */
import type { EventRecord } from '../sim/record.js';

export class TraceLineFormat {
  private readonly quotedNames: string[];
  /** The last type written and its quoted form: types repeat. */
  private lastType = '';
  private lastQuotedType = '""';

  constructor(nodeNames: readonly string[]) {
    this.quotedNames = nodeNames.map((name) => JSON.stringify(name));
  }

  /** The trace line of an event, without its newline. */
  line(event: EventRecord): string {
    const names = this.quotedNames;
    let line = `{"i":${event.i},"t":${event.tUs / 1000},"node":${names[event.node]},"kind":"${event.kind}","lamport":${event.lamport}`;
    const vc = event.vc;
    if (vc !== undefined) {
      line += ',"vc":{';
      let first = true;
      for (let k = 0; k < vc.length; k++) {
        if (vc[k] === 0) continue;
        line += first ? `${names[k]}:${vc[k]}` : `,${names[k]}:${vc[k]}`;
        first = false;
      }
      line += '}';
    }
    if (event.msg >= 0) line += `,"msg":${event.msg},"peer":${names[event.peer]}`;
    const type = event.type;
    if (type !== undefined) {
      if (type !== this.lastType) {
        this.lastType = type;
        this.lastQuotedType = JSON.stringify(type);
      }
      line += `,"type":${this.lastQuotedType}`;
    }
    line += event.text === '' ? ',"text":""' : `,"text":${JSON.stringify(event.text)}`;
    if (event.shows !== '') line += `,"shows":${JSON.stringify(event.shows)}`;
    if (event.reason !== undefined) line += `,"reason":"${event.reason}"`;
    const mark = event.mark;
    if (mark !== undefined) line += mark.enter !== undefined ? `,"mark":{"enter":${JSON.stringify(mark.enter)}}` : `,"mark":{"exit":${JSON.stringify(mark.exit)}}`;
    return line + '}';
  }
}
