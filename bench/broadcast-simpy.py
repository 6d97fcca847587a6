#!/usr/bin/python3
"""The broadcast benchmark's workload as a SimPy 3 model, the yardstick of `npm run bench`.

Debian: apt-get install python3-simpy3. Run: /usr/bin/python3 bench/broadcast-simpy.py [P] [M] [SEED]
(default 100 100 1). Prints one JSON line.

The workload is that of scenarios/bench-broadcast.yaml as chitty-sim runs it with correct Lamport
clocks (see src/nodes/participant.ts and server.ts):

- P participants join at virtual time 0. Every call is a request to the server and a reply back.
- After its join reply a participant publishes its join announcement, then its M chat messages at
  seeded uniform times in [1000, 1000 + 100 M] ms. It makes one call at a time: a message due while
  a call is in flight waits for the reply.
- The server receives requests as they arrive and handles them one at a time in arrival order. A
  join: a local event, then the reply. A publish: two local events, then a Broadcast call to each
  member at that moment, in join order, one after the other (request; the member receives it, shows
  the message as a local event and replies), and after the last reply, the publish reply.
- Every message takes a delay drawn uniformly from [1, 5] ms.
- Lamport clocks: +1 on a send or local event, max(own, received) + 1 on a receive.

What it measures is what chitty-sim's in-process figure measures: only the run (env.run()) is
timed, and no trace is kept. It counts sends and receives (`events`, the events its rate is given
in) and local events apart; the bench compares the counts with chitty-sim's trace of the same
workload. The random draws differ from chitty-sim's (Python's generator), so the times differ and
the counts can too where a join and a join announcement race (the first milliseconds).
"""
import json
import random
import sys
import time

import simpy

SERVER = 0


class Chat:
    """The server, the participants and their clocks, in one SimPy environment."""

    def __init__(self, env, rng, participants):
        self.env = env
        self.rng = rng
        # Lamport clock by node: the server is 0, participants 1..P.
        self.clock = [0] * (participants + 1)
        self.sends = 0
        self.receives = 0
        self.locals = 0
        self.requests = simpy.Store(env)
        self.members = []

    def send(self, node):
        self.sends += 1
        self.clock[node] += 1
        return self.clock[node]

    def receive(self, node, carried):
        self.receives += 1
        own = self.clock[node]
        self.clock[node] = (carried if carried > own else own) + 1

    def local(self, node):
        self.locals += 1
        self.clock[node] += 1

    def message_delay(self):
        return self.env.timeout(self.rng.uniform(1.0, 5.0))

    def call(self, participant, kind):
        """A call to the server: the request travels, waits its turn, and the reply travels back."""
        carried = self.send(participant)
        yield self.message_delay()
        # Received on arrival, even while the server is busy with an earlier request.
        self.receive(SERVER, carried)
        replied = self.env.event()
        yield self.requests.put((participant, kind, replied))
        carried = yield replied
        yield self.message_delay()
        self.receive(participant, carried)

    def participant(self, node, publish_times):
        yield from self.call(node, "join")
        yield from self.call(node, "publish")  # the join announcement
        for at in publish_times:
            if self.env.now < at:
                yield self.env.timeout(at - self.env.now)
            yield from self.call(node, "publish")

    def server(self):
        while True:
            participant, kind, replied = yield self.requests.get()
            if kind == "join":
                self.local(SERVER)  # attempt join
                self.members.append(participant)
            else:
                self.local(SERVER)  # attempt publish
                self.local(SERVER)  # broadcast starts
                for member in list(self.members):
                    carried = self.send(SERVER)
                    yield self.message_delay()
                    self.receive(member, carried)
                    self.local(member)  # the member shows the message
                    carried = self.send(member)
                    yield self.message_delay()
                    self.receive(SERVER, carried)
            replied.succeed(self.send(SERVER))


def main(argv):
    participants = int(argv[1]) if len(argv) > 1 else 100
    publishes_each = int(argv[2]) if len(argv) > 2 else 100
    seed = int(argv[3]) if len(argv) > 3 else 1
    rng = random.Random(seed)
    env = simpy.Environment()
    chat = Chat(env, rng, participants)
    env.process(chat.server())
    window_end_ms = 1000 + 100 * publishes_each
    for node in range(1, participants + 1):
        times = sorted(rng.uniform(1000, window_end_ms) for _ in range(publishes_each))
        env.process(chat.participant(node, times))
    started = time.perf_counter()
    env.run()
    seconds = time.perf_counter() - started
    events = chat.sends + chat.receives
    print(json.dumps({
        "model": "bench/broadcast-simpy.py",
        "simpy": simpy.__version__,
        "participants": participants,
        "publishes_each": publishes_each,
        "seed": seed,
        "events": events,
        "sends": chat.sends,
        "receives": chat.receives,
        "locals": chat.locals,
        "virtual_ms": env.now,
        "wall_s": seconds,
        "events_per_s": events / seconds,
    }))


if __name__ == "__main__":
    main(sys.argv)
