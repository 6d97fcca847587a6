/**
 * A ShiViz log that chitty-sim exported comes back exactly: every field of its events is on its
 * event line (src/shiviz/event-note.ts), lost messages included. Only when those notes agree with
 * the vector clocks: otherwise the log is read as any other (src/import/shiviz-events.ts). Pure.
 */
import { parseShivizEventLine, type ShivizEventNote } from '../shiviz/event-note.js';
import type { MessageEnd, TraceEvent } from '../trace/format.js';
import { messageEnds } from '../trace/message-ends.js';
import { compareVectorClocks } from '../trace/vector-clocks.js';
import type { GraphEvents } from './shiviz-events.js';
import type { GraphEntry, ShivizGraph } from './shiviz-graph.js';

/** The ends of a note, as of an event. */
function endsOf(note: ShivizEventNote): MessageEnd[] {
  return messageEnds({ kind: note.kind, msg: note.msg, peer: note.peer, also: note.also.length > 0 ? note.also : undefined });
}

/**
 * The notes of every entry when the log is a chitty-sim export whose notes agree with its clocks:
 * every event line reads back; every ShiViz edge is a message the parent sends to the child's host
 * and the child receives from the parent's; every receive's send happened before it (by the
 * clocks), from the host it names and to this one; no message id is sent by two events; the log
 * lists each event after its previous one and its parents, and virtual time never goes back along
 * happens-before. Undefined otherwise.
 */
export function exportNotes(graph: ShivizGraph): ShivizEventNote[] | undefined {
  const { entries } = graph;
  const notes: ShivizEventNote[] = [];
  for (const item of entries) {
    const note = parseShivizEventLine(item.event);
    if (note === undefined) return undefined;
    notes.push(note);
  }
  const sends = new Map<number, number>();
  for (let position = 0; position < entries.length; position++) {
    const note = notes[position];
    if ((note.kind === 'send' || note.kind === 'receive') !== (note.msg !== undefined && note.peer !== undefined)) return undefined;
    const ends = endsOf(note);
    if (ends.some((end) => end.peer === entries[position].host)) return undefined;
    if (note.drops.length > 0 && note.kind !== 'send') return undefined;
    for (const end of ends) {
      if (end.kind !== 'send') continue;
      const sender = sends.get(end.msg);
      if (sender !== undefined && sender !== position) return undefined;
      sends.set(end.msg, position);
    }
  }
  for (let position = 0; position < entries.length; position++) {
    const item = entries[position];
    const note = notes[position];
    // The log lists the events in the trace's order: a causal one.
    if (item.previous > position || item.parents.some((parent) => parent > position)) return undefined;
    if (item.previous >= 0 && notes[item.previous].tMs > note.tMs) return undefined;
    const ends = endsOf(note);
    for (const parent of item.parents) {
      if (notes[parent].tMs > note.tMs) return undefined;
      const host = entries[parent].host;
      const carried = endsOf(notes[parent]).some((sent) => sent.kind === 'send' && sent.peer === item.host && ends.some((end) => end.kind === 'receive' && end.msg === sent.msg && end.peer === host));
      if (!carried) return undefined;
    }
    for (const end of ends) {
      if (end.kind !== 'receive') continue;
      const send = sends.get(end.msg);
      if (send === undefined || entries[send].host !== end.peer) return undefined;
      if (!endsOf(notes[send]).some((sent) => sent.kind === 'send' && sent.msg === end.msg && sent.peer === item.host)) return undefined;
      if (compareVectorClocks(Object.fromEntries(entries[send].vc), Object.fromEntries(item.vc)) !== 'before') return undefined;
    }
    for (const drop of note.drops) if (drop.tMs < note.tMs) return undefined;
  }
  return notes;
}

/**
 * Events exactly as a chitty-sim export wrote them, in the log's order (the trace's), lost messages
 * included: a drop (at its send's first peer) goes before the first later event, by virtual time
 * and then by Lamport time.
 */
export function restoredEvents(graph: ShivizGraph, notes: readonly ShivizEventNote[]): GraphEvents {
  const { entries } = graph;
  interface Lost {
    tMs: number;
    /** Just after its send's Lamport time in the model. */
    lamport: number;
    event: TraceEvent;
    position: number;
  }
  const drops: Lost[] = [];
  const events: TraceEvent[] = [];
  const positions: number[] = [];
  entries.forEach((item: GraphEntry, position) => {
    const note = notes[position];
    note.drops.forEach((drop) => {
      const lost: TraceEvent = { i: 0, t: drop.tMs, node: note.peer!, kind: 'drop', lamport: drop.lamport, msg: note.msg, peer: item.host, text: '', reason: drop.reason };
      if (note.type !== undefined) lost.type = note.type;
      drops.push({ tMs: drop.tMs, lamport: item.lamport + 0.5, event: lost, position });
    });
  });
  drops.sort((a, b) => a.tMs - b.tMs || a.lamport - b.lamport);
  let next = 0;
  const emit = (event: TraceEvent, position: number) => {
    events.push({ ...event, i: events.length });
    positions.push(position);
  };
  entries.forEach((item: GraphEntry, position) => {
    const note = notes[position];
    while (next < drops.length && (drops[next].tMs < note.tMs || (drops[next].tMs === note.tMs && drops[next].lamport < item.lamport))) emit(drops[next].event, drops[next++].position);
    const event: TraceEvent = { i: 0, t: note.tMs, node: item.host, kind: note.kind, lamport: note.lamport, vc: Object.fromEntries(item.vc), text: note.text };
    if (note.msg !== undefined) event.msg = note.msg;
    if (note.peer !== undefined) event.peer = note.peer;
    if (note.also.length > 0) event.also = note.also;
    if (note.type !== undefined) event.type = note.type;
    if (note.shows !== undefined) event.shows = note.shows;
    if (note.mark !== undefined) event.mark = note.mark;
    if (note.fields !== undefined) event.fields = note.fields;
    emit(event, position);
  });
  for (; next < drops.length; next++) emit(drops[next].event, drops[next].position);
  return { events, positions };
}
