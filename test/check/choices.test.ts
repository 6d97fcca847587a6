/**
 * The choices docs/checker.md makes where the rules leave one open ("Choices the rules make"),
 * each with its smallest trace, and the defects the reference checker found, each with the
 * smallest trace that showed it.
 */
import { describe, expect, it } from 'vitest';
import { checkTrace } from '../../src/protocols/checking.js';
import type { CheckResult } from '../../src/check/types.js';
import type { TraceEvent } from '../../src/trace/format.js';
import { readTrace, TraceFormatError } from '../../src/trace/read.js';
import { referenceCheck } from './reference-checker.js';
import { HEADER, TraceBuilder } from './synthetic.js';

const check = (events: TraceEvent[], options = {}): CheckResult => checkTrace(HEADER, events, options);
const rules = (result: CheckResult) => result.violations.map((violation) => violation.rule);
const logged = (text: string) => `${text}, lamport time: 1`;

/** A Chitty-Chat trace built step by step: joins, rounds, broadcasts, leaves. */
class ChatBuilder extends TraceBuilder {
  /** A participant's join request and the server's reply; returns the reply's message id (not yet received). */
  requestJoin(name: string): number {
    this.receive(this.send(name, 'server', 'JoinRequest', { text: logged('Join Request sent') }));
    return this.send('server', name, 'JoinReply', { text: logged('Join reply') });
  }

  joined(reply: number): TraceEvent {
    return this.receive(reply, { text: logged('Join response from the Server: You are now connected') });
  }

  join(name: string): TraceEvent {
    return this.joined(this.requestJoin(name));
  }

  startRound(): TraceEvent {
    return this.local('server', { text: logged('BroadCast Request sent') });
  }

  /** The server's BroadcastRequest to `member`; returns its message id. */
  request(member: string): number {
    return this.send('server', member, 'BroadcastRequest', { text: logged(`BroadCast Request sent to ${member}`) });
  }

  /** `member` receives a request, shows `shows` (nothing when undefined) and replies; returns the reply's id. */
  serve(request: number, shows: string | undefined): number {
    const member = this.receive(request, { text: logged('Received broadcast request') }).node;
    this.local(member, shows === undefined ? { text: logged('Attempt BroadCast') } : { text: logged('Attempt BroadCast'), shows });
    return this.send(member, 'server', 'BroadcastReply', { text: logged('BroadCast reply') });
  }

  /** One request to `member`, served and answered. */
  broadcastTo(member: string, shows: string | undefined): void {
    this.receive(this.serve(this.request(member), shows), { text: logged(`Response from ${member}: BroadCast message reply`) });
  }

  leave(name: string): TraceEvent {
    return this.local(name, { text: logged('Leave Request sent') });
  }
}

/** `check` and the reference checker give the same rules; returns `check`'s result. */
function checkBoth(events: TraceEvent[]): CheckResult {
  const result = check(events);
  const reference = [...new Set(referenceCheck(events).map((violation) => violation.rule))].sort();
  expect([...new Set(rules(result))].sort()).toEqual(reference);
  return result;
}

describe('message-match: a message without type', () => {
  it('a receive without type does not match a typed send, nor the other way round', () => {
    const untypedReceive = new TraceBuilder();
    const { type: _type, ...receive } = untypedReceive.receive(untypedReceive.send('a', 'b', 'JoinRequest'));
    untypedReceive.events[1] = receive;
    const result = checkBoth(untypedReceive.events);
    expect(rules(result)).toEqual(['message-match']);
    expect(result.violations[0].message).toBe('Message 0 was sent as JoinRequest but is received as a message without type.');
    const untypedSend = new TraceBuilder();
    untypedSend.receive(untypedSend.send('a', 'b'));
    untypedSend.events[1].type = 'JoinRequest';
    expect(rules(checkBoth(untypedSend.events))).toEqual(['message-match']);
  });

  it('a trace without any types matches', () => {
    const trace = new TraceBuilder();
    trace.receive(trace.send('a', 'b'));
    trace.drop(trace.send('a', 'b'));
    expect(checkBoth(trace.events).status).toBe('pass');
  });
});

describe('a receive of an id never sent, or sent twice', () => {
  it('one never sent breaks message-match only: its vector is taken as it is, and the next event is compared with it', () => {
    const trace = new TraceBuilder();
    trace.local('b');
    trace.receive(7, { node: 'b', vc: { b: 2, a: 5 } });
    trace.local('b', { vc: { b: 3, a: 5 } });
    expect(rules(checkBoth(trace.events))).toEqual(['message-match']);
  });

  it('after an id is sent twice, its receive is matched with, and merges, the second send', () => {
    const trace = new TraceBuilder();
    trace.send('a', 'b', undefined, { msg: 1 });
    trace.local('c');
    trace.send('c', 'b', undefined, { msg: 1, lamport: 9 });
    // Received from c, after c's send at 9, merging c's vector: only the reuse is wrong.
    trace.receive(1);
    const result = checkBoth(trace.events);
    expect(rules(result)).toEqual(['message-match']);
    expect(result.violations[0].events.map((event) => event.i)).toEqual([2]);
  });
});

describe('event order: t never goes back', () => {
  it('a trace whose t goes back cannot be read, naming the line and field', () => {
    const lines = [
      JSON.stringify(HEADER),
      '{"i":0,"t":5,"node":"a","kind":"local","lamport":1,"text":""}',
      '{"i":1,"t":4,"node":"a","kind":"local","lamport":2,"text":""}',
    ];
    expect(() => readTrace(lines.join('\n'))).toThrow(TraceFormatError);
    expect(() => readTrace(lines.join('\n'))).toThrow('line 3: t: virtual time goes back from 5 to 4');
  });
});

describe('a show with another text', () => {
  it("without overlapping broadcasts it breaks broadcast-once, even when an older round has no shows yet (the smallest case found)", () => {
    // Round 1 starts with no members; in round 2, a shows "a said: hi" and b, a joiner whose join
    // reply is still in flight, shows "a said: bye". Nothing overlaps, so b's show is not round 1's.
    const trace = new ChatBuilder();
    trace.startRound();
    trace.join('a');
    const bReply = trace.requestJoin('b');
    trace.startRound();
    trace.broadcastTo('a', 'a said: hi, lamport time: 1');
    trace.broadcastTo('b', 'a said: bye, lamport time: 1');
    trace.joined(bReply);
    const result = checkBoth(trace.events);
    expect(rules(result)).toEqual(['broadcast-once']);
    expect(result.violations[0].message).toBe('b showed "a said: bye" for broadcast #2, which a showed as "a said: hi".');
    expect(result.stats?.overlappingBroadcasts).toBe(false);
  });

  it("counts as the member's show of the round: one violation, not a second one for showing nothing", () => {
    const trace = new ChatBuilder();
    trace.join('a');
    trace.join('b');
    trace.startRound();
    trace.broadcastTo('a', 'a said: hi, lamport time: 1');
    trace.broadcastTo('b', 'a said: hi!, lamport time: 1');
    const result = checkBoth(trace.events);
    expect(rules(result)).toEqual(['broadcast-once']);
    expect(result.violations[0].message).toContain('b showed "a said: hi!" for broadcast #1');
  });

  it('an earlier round’s text shown again breaks broadcast-once', () => {
    const trace = new ChatBuilder();
    trace.join('a');
    trace.join('b');
    trace.startRound();
    trace.broadcastTo('a', 'a said: one, lamport time: 1');
    trace.broadcastTo('b', 'a said: one, lamport time: 1');
    trace.startRound();
    trace.broadcastTo('a', 'b said: two, lamport time: 1');
    trace.broadcastTo('b', 'a said: one, lamport time: 1');
    expect(rules(checkBoth(trace.events))).toEqual(['broadcast-once']);
  });
});

describe('when broadcasts overlap', () => {
  it('a reply missing from the trace does not make them overlap: a joiner that never shows its own announcement is still reported', () => {
    const trace = new ChatBuilder();
    trace.join('a');
    trace.startRound();
    // a's reply to round 1 never reaches the trace.
    trace.serve(trace.request('a'), 'a said: hi, lamport time: 1');
    const b = trace.join('b');
    trace.startRound();
    trace.broadcastTo('a', `Participant b joined Chitty-Chat at Lamport time ${b.lamport}`);
    trace.broadcastTo('b', undefined);
    trace.startRound();
    trace.broadcastTo('a', 'a said: bye, lamport time: 1');
    trace.broadcastTo('b', 'a said: bye, lamport time: 1');
    trace.leave('b');
    const result = checkBoth(trace.events);
    expect(rules(result)).toEqual(['own-announcement']);
    expect(result.stats?.overlappingBroadcasts).toBe(false);
  });
});

describe('announcements with a suffix', () => {
  it("a leaver that shows its own leave announcement with `, lamport time: N` breaks own-announcement", () => {
    const trace = new ChatBuilder();
    trace.join('a');
    const left = trace.leave('a');
    trace.startRound();
    trace.broadcastTo('a', `Participant a left Chitty-Chat at Lamport time ${left.lamport}, lamport time: 9`);
    const result = checkBoth(trace.events);
    expect(rules(result)).toEqual(['own-announcement']);
  });

  it('its Lamport time is judged', () => {
    const trace = new ChatBuilder();
    trace.join('a');
    trace.join('b');
    trace.leave('b');
    trace.startRound();
    trace.broadcastTo('a', 'Participant b left Chitty-Chat at Lamport time 99, lamport time: 9');
    expect(rules(checkBoth(trace.events))).toEqual(['announcement-time']);
  });
});

describe('log texts', () => {
  it('`, lamport time:` must be followed by digits alone: `BroadCast Request sent, lamport time: 5x` starts no round', () => {
    const trace = new ChatBuilder();
    trace.join('a');
    trace.local('server', { text: 'BroadCast Request sent, lamport time: 5x' });
    expect(checkBoth(trace.events).stats?.broadcasts).toBe(0);
    const removal = new ChatBuilder();
    removal.join('a');
    removal.local('server', { text: 'Participant a is not responding: removed (or not)' });
    removal.startRound();
    // a was not removed, so it still had to show the round.
    expect(rules(checkBoth(removal.events))).toEqual(['broadcast-once']);
  });

  it('a retry holds ` (attempt N)`, N in digits: it repeats the oldest unanswered request', () => {
    const retried = (attempt: string) => {
      const trace = new ChatBuilder();
      trace.join('a');
      trace.startRound();
      trace.request('a');
      trace.startRound();
      trace.send('server', 'a', 'BroadcastRequest', { text: logged(`BroadCast Request sent to a (attempt ${attempt})`) });
      return checkBoth(trace.events).stats?.overlappingBroadcasts;
    };
    // A retry of round 1's request after round 2 started: round 1 goes on, so broadcasts overlap.
    expect(retried('2')).toBe(true);
    expect(retried('x')).toBe(false);
  });

  it('a removal names any participant, even one the trace has not named yet', () => {
    const trace = new ChatBuilder();
    trace.join('a');
    trace.local('server', { text: logged('Participant b is not responding: removed') });
    trace.join('b');
    trace.leave('b');
    trace.startRound();
    // b was removed once, so its leave may be announced with the server's own time.
    trace.broadcastTo('a', 'Participant b left Chitty-Chat at Lamport time 99');
    expect(checkBoth(trace.events).status).toBe('pass');
  });
});

describe('broadcast-order compares the shows of members only', () => {
  it("a show made before the join response is not compared, whichever show comes last", () => {
    const trace = new ChatBuilder();
    trace.join('q');
    const pReply = trace.requestJoin('p');
    trace.startRound();
    const firstToP = trace.request('p');
    const firstToQ = trace.request('q');
    trace.startRound();
    const secondToQ = trace.request('q');
    trace.receive(trace.serve(firstToP, 'x said: one, lamport time: 1'));
    trace.joined(pReply);
    const secondToP = trace.request('p');
    trace.receive(trace.serve(secondToQ, 'y said: two, lamport time: 1'));
    trace.receive(trace.serve(firstToQ, 'x said: one, lamport time: 1'));
    trace.receive(trace.serve(secondToP, 'y said: two, lamport time: 1'));
    expect(rules(checkBoth(trace.events))).toEqual([]);
  });
});

describe('shows that belong to no round', () => {
  it('the same text is judged again once a leave changed what the judgement reads', () => {
    const trace = new ChatBuilder();
    trace.join('y');
    trace.local('a', { shows: 'Participant y left Chitty-Chat at Lamport time 99' });
    trace.leave('y');
    trace.local('b', { shows: 'Participant y left Chitty-Chat at Lamport time 99' });
    const result = checkBoth(trace.events);
    expect(rules(result)).toEqual(['announcement-time']);
    expect(result.violations[0].events[0].i).toBe(trace.events.length - 1);
  });
});
