/**
 * Chitty-Chat's part of the scenario format: the step shorthands `{ at, join: "1111" }`,
 * `{ at, publish: "1111", message: "Hej" }` and `{ at, leave: "1111" }`; `timeouts:` for its calls;
 * `generate:` for a seeded workload; and its rules (a publish or leave needs an earlier join, a
 * join needs the participant not to be in already). Its nodes are the server and the participants
 * in order of first join.
 */
import { isSeq, type Node as YamlNode } from 'yaml';
import type { CommandWithoutTime, StepShorthands, WrittenStep } from '../../scenario/step-reader.js';
import type { ScenarioSyntax, SyntaxContext } from '../../scenario/syntax.js';
import { isCommandStep, type Step } from '../../scenario/types.js';
import { SCENARIO_LIMITS, type Entries, type Reader } from '../../scenario/yaml-reader.js';
import { SERVER_NAME } from './messages.js';
import { generateSteps, GENERATED_NAME, type Generator } from './workload.js';

const COMMANDS = ['join', 'publish', 'leave'] as const;

/** The quoted form of a name or text in a written step: always quoted, so that 1111 stays a string. */
function scalar(value: string | number): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

function participantNameProblem(name: string): string | undefined {
  if (name === '') return 'a participant name cannot be empty';
  if (name === SERVER_NAME) return `"${SERVER_NAME}" is the server's name; choose another for a participant`;
  if (/[,\s]/.test(name)) return 'a participant name cannot contain spaces or commas';
  if ([...name].length > SCENARIO_LIMITS.nameLength) return `a participant name has at most ${SCENARIO_LIMITS.nameLength} characters`;
  return undefined;
}

const shorthands: StepShorthands = {
  actions: COMMANDS,
  extraKeys: { message: 'publish' },
  example: '{ at: 0, join: "1111" }',
  read(reader: Reader, action: string, value: YamlNode | null, entries: Entries, path: string, stepNode: YamlNode): CommandWithoutTime | undefined {
    const participant = reader.text(value, path);
    if (participant !== undefined) {
      const problem = participantNameProblem(participant);
      if (problem !== undefined) reader.problem(value, path, problem);
    }
    if (action !== 'publish') return participant === undefined ? undefined : { kind: 'command', node: participant, command: action, args: {} };
    const stepPath = path.slice(0, path.lastIndexOf('.'));
    if (!entries.has('message')) {
      reader.problem(stepNode, `${stepPath}.message`, 'missing: the chat text to publish');
      return undefined;
    }
    const text = reader.text(entries.get('message')!.value, `${stepPath}.message`);
    return participant === undefined || text === undefined ? undefined : { kind: 'command', node: participant, command: 'publish', args: { text } };
  },
};

function readTimeouts(reader: Reader, node: YamlNode | null): { rpcMs: number; retries: number } | undefined {
  const entries = reader.map(node, 'timeouts', ['rpcMs', 'retries']);
  if (!entries) return undefined;
  const rpcMs = entries.has('rpcMs') ? reader.number(entries.get('rpcMs')!.value, 'timeouts.rpcMs', { above: 0 }) : 1000;
  const retries = entries.has('retries') ? reader.number(entries.get('retries')!.value, 'timeouts.retries', { integer: true, min: 0, max: 100 }) : 3;
  return rpcMs === undefined || retries === undefined ? undefined : { rpcMs, retries };
}

function readGenerator(reader: Reader, node: YamlNode | null): Generator | undefined {
  const entries = reader.map(node, 'generate', ['participants', 'publishesEach', 'joinAt', 'window']);
  if (!entries) return undefined;
  const get = (name: string) => entries.get(name)?.value ?? null;
  const participants = reader.number(get('participants'), 'generate.participants', { integer: true, min: 1, max: SCENARIO_LIMITS.generatedParticipants });
  const publishesEach = reader.number(get('publishesEach'), 'generate.publishesEach', { integer: true, min: 0 });
  const joinAtMs = entries.has('joinAt') ? reader.number(get('joinAt'), 'generate.joinAt', { min: 0 }) : 0;
  const window = get('window');
  let windowMs: [number, number] | undefined;
  if (!isSeq(window) || window.items.length !== 2) reader.problem(window, 'generate.window', 'must be [from, to] in ms', node ?? undefined);
  else {
    const fromMs = reader.number(window.items[0] as YamlNode, 'generate.window[0]', { min: 0 });
    const toMs = reader.number(window.items[1] as YamlNode, 'generate.window[1]', { min: 0 });
    if (fromMs !== undefined && toMs !== undefined) {
      if (toMs < fromMs) reader.problem(window, 'generate.window', `reversed: ${fromMs} is after ${toMs}`);
      else if (joinAtMs !== undefined && fromMs < joinAtMs) reader.problem(window, 'generate.window', 'publishes start before the joins');
      else windowMs = [fromMs, toMs];
    }
  }
  if (participants !== undefined && publishesEach !== undefined && participants * publishesEach > SCENARIO_LIMITS.generatedPublishes) {
    reader.problem(node, 'generate', `more than ${SCENARIO_LIMITS.generatedPublishes} publishes in all`);
    return undefined;
  }
  if (participants === undefined || publishesEach === undefined || joinAtMs === undefined || windowMs === undefined) return undefined;
  return { participants, publishesEach, joinAtMs, windowMs };
}

/**
 * Commands are join, publish and leave, to participants; a publish or leave needs an earlier join;
 * a join needs the participant not to be in already.
 */
function checkMembership(reader: Reader, written: readonly WrittenStep[], toCrashed: ReadonlySet<WrittenStep>, hasGenerated: boolean): void {
  const members = new Set<string>();
  for (const entry of written) {
    const { step, node, path } = entry;
    if (!isCommandStep(step) || toCrashed.has(entry)) continue;
    const participant = step.node;
    if (participant === SERVER_NAME) {
      reader.problem(node, path, `the server takes no commands; join, publish and leave are a participant's`);
      continue;
    }
    if (!(COMMANDS as readonly string[]).includes(step.command)) {
      reader.problem(node, path, `Chitty-Chat's commands are join, publish and leave, not "${step.command}"`);
      continue;
    }
    if (step.command === 'publish' && typeof step.args.text !== 'string') {
      reader.problem(node, path, 'a publish needs args: { text: "..." }');
      continue;
    }
    if (hasGenerated && GENERATED_NAME.test(participant)) {
      reader.problem(node, path, 'names p0, p1, ... are taken by the generate: section');
      continue;
    }
    if (step.command === 'join') {
      if (members.has(participant)) reader.problem(node, path, `"${participant}" has already joined and not left`);
      members.add(participant);
    } else if (!members.has(participant)) {
      reader.problem(node, path, `"${participant}" has not joined (or has left) before this ${step.command}`);
    } else if (step.command === 'leave') {
      members.delete(participant);
    }
  }
}

/** Merges written and generated steps by time; at equal times written steps come first. */
function mergeSteps(written: Step[], generated: Step[]): Step[] {
  if (generated.length === 0) return written;
  const sortedGenerated = generated.map((step, order) => ({ step, order })).sort((a, b) => a.step.atMs - b.step.atMs || a.order - b.order);
  const merged: Step[] = [];
  let w = 0;
  for (const { step } of sortedGenerated) {
    while (w < written.length && written[w].atMs <= step.atMs) merged.push(written[w++]);
    merged.push(step);
  }
  while (w < written.length) merged.push(written[w++]);
  return merged;
}

/** The server, then the participants in order of first command. */
export function chittyChatNodes(steps: readonly Step[]): string[] {
  const names = [SERVER_NAME];
  const seen = new Set(names);
  for (const step of steps) {
    if (isCommandStep(step) && !seen.has(step.node)) {
      seen.add(step.node);
      names.push(step.node);
    }
  }
  return names;
}

export const chittyChatSyntax: ScenarioSyntax = {
  keys: ['timeouts', 'generate'],
  steps: shorthands,
  readKey(context: SyntaxContext, key: string, node: YamlNode | null): void {
    if (key === 'timeouts') {
      const timeouts = readTimeouts(context.reader, node);
      if (timeouts !== undefined) context.scenario.options = { ...context.scenario.options, timeouts };
    } else {
      context.extras.generate = readGenerator(context.reader, node) ?? null;
    }
  },
  finish(context: SyntaxContext): void {
    const { reader, scenario, written } = context;
    const hasGenerate = 'generate' in context.extras;
    const generator = (context.extras.generate ?? undefined) as Generator | undefined;
    if (written.length === 0 && !hasGenerate && !hasStepsKey(context) && reader.problems.length === 0) {
      reader.problem(context.root, 'steps', 'missing: a scenario needs steps (or a generate: section)');
    }
    if (context.nodesGiven) reader.problem(context.root, 'nodes', "Chitty-Chat's nodes are the server and the participants that join: leave nodes: out");
    checkMembership(reader, written, context.toCrashed, hasGenerate);
    const generated = generator === undefined ? [] : generateSteps(generator, scenario.seed);
    scenario.steps = mergeSteps(
      written.map((entry) => entry.step),
      generated,
    );
    scenario.nodes = chittyChatNodes(scenario.steps);
  },
  unknownNode: (name: string) => `no node "${name}": name the server or a participant that joins`,
  writeStep(step: Step): string | undefined {
    if (!isCommandStep(step)) return undefined;
    const at = `at: ${step.atMs}`;
    if (step.command === 'publish') return `{ ${at}, publish: ${scalar(step.node)}, message: ${scalar(String(step.args.text))} }`;
    return `{ ${at}, ${step.command}: ${scalar(step.node)} }`;
  },
  writeKeys(scenario): string[] {
    const timeouts = scenario.options.timeouts as { rpcMs: number; retries: number } | undefined;
    return timeouts === undefined ? [] : [`timeouts: { rpcMs: ${timeouts.rpcMs}, retries: ${timeouts.retries} }`];
  },
};

/** Whether the file has a `steps:` key (an empty list is a scenario too). */
function hasStepsKey(context: SyntaxContext): boolean {
  const root = context.root as unknown as { items?: { key: { value?: unknown } }[] };
  return root.items?.some((pair) => pair.key?.value === 'steps') ?? false;
}
