/**
 * What `chitty-sim new protocol NAME` writes: a ping-pong with correct Lamport clocks, commented
 * as a first protocol, that runs and checks clean at once; and a scenario that runs it.
 */

/** The protocol module, TypeScript (`.ts`) or plain JavaScript (`.mjs`). */
export function protocolTemplate(name: string, typescript: boolean): string {
  const t = (typed: string, plain = '') => (typescript ? typed : plain);
  return `/**
 * ${name}: two nodes pass a ball back and forth, with correct Lamport clocks. A starting point:
 * change it into your protocol. Run it, check it and draw it with
 *
 *     npx chitty-sim run ${name}.yaml --check --svg ${name}.svg
 *
 * docs/protocols.md (in chitty-sim's repository) explains every part of the API.
 */
${t(`import type { Message, NodeContext, Protocol } from 'chitty-sim';

/** What a Ping and a Pong carry (the engine never looks inside). */
interface Ball {
  round: number;
  rounds: number;
}

`)}const protocol${t(': Protocol')} = {
  name: '${name}',
  summary: 'Two nodes pass a ball back and forth',
  // Colours of the message types in the diagram (optional).
  palette: { Ping: '#3b6ea8', Pong: '#c0712b' },

  // Called for each node at the start (and again when it restarts after a crash).
  node(ctx${t(': NodeContext')}) {
    // The node's Lamport clock. ctx.durable survives a crash, so the clock never goes back.
    const stored = ctx.durable${t(' as { clock?: number }')};
    let clock = stored.clock ?? 0;
    /** A send or a local event: the clock ticks. */
    const tick = () => (stored.clock = clock = clock + 1);
    /** A receive: the clock jumps past the time the message carries. */
    const merge = (carried${t(': number')}) => (stored.clock = clock = Math.max(clock, carried) + 1);

    return {
      // A scenario step for this node: { at: 0, node: a, command: serve, args: { rounds: 3 } }
      onCommand(command${t(': string')}, args${t(': Record<string, unknown>')}) {
        if (command !== 'serve') throw new Error(\`${name} knows the command serve, not \${command}\`);
        const rounds = Number(args.rounds ?? 3);
        const to = ctx.nodes.find((node) => node !== ctx.name)${t('!')};
        const lamport = tick();
        ctx.send(to, 'Ping', { round: 1, rounds }${t(' satisfies Ball')}, { lamport, text: \`serve to \${to}, lamport time: \${lamport}\` });
      },

      // A message arrived: record its receive first, then act on it.
      onMessage(message${t(': Message')}) {
        const ball = message.payload${t(' as Ball')};
        const received = merge(message.lamport);
        ctx.receive(message, {
          lamport: received,
          text: \`\${message.type} \${ball.round} from \${message.from}, lamport time: \${received}\`,
          shows: \`\${message.type} \${ball.round} of \${ball.rounds}\`,
        });
        if (ball.round >= ball.rounds) return;
        const sent = tick();
        const type = message.type === 'Ping' ? 'Pong' : 'Ping';
        ctx.send(message.from, type, { round: ball.round + 1, rounds: ball.rounds }${t(' satisfies Ball')}, { lamport: sent, text: \`\${type} \${ball.round + 1}, lamport time: \${sent}\` });
      },
    };
  },
};

export default protocol;
`;
}

/** The scenario that runs the template. */
export function scenarioTemplate(name: string, protocolFile: string): string {
  return `# ${name}: a ping-pong between two nodes. Run, check and draw it:
#   npx chitty-sim run ${name}.yaml --check --svg ${name}.svg
name: ${name}
protocol: ./${protocolFile}
nodes: [a, b]
network:
  delay: { uniform: [1, 5] }   # ms of virtual time, drawn from the seed
steps:
  - { at: 0, node: a, command: serve, args: { rounds: 3 } }
`;
}
