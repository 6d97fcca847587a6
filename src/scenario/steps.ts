/**
 * The scenario's steps as the world runs them: each step as an action on the world, and the
 * {@link StepCursor} that queues them one at a time in their order.
 */
import type { EventQueue } from '../sim/event-queue.js';
import type { ScheduledEntry } from '../sim/scheduler.js';
import type { World } from '../sim/world.js';
import type { Step } from './types.js';

/** What a step does to the world. */
export function stepAction(world: World, step: Step): () => void {
  const node = (name: string) => world.indexOf(name);
  switch (step.kind) {
    case 'command': {
      const target = node(step.node);
      return () => void world.command(target, step.command, step.args);
    }
    case 'crash':
      return () => world.crash(node(step.node));
    case 'restart':
      return () => world.restart(node(step.node));
    case 'partition': {
      const groups = step.groups.map((group) => group.map(node));
      return () => world.network.partition(groups);
    }
    case 'block':
      return () => world.network.block(node(step.from), node(step.to));
    case 'heal':
      return () => world.network.heal(step.from === undefined ? undefined : { from: node(step.from), to: node(step.to!) });
  }
}

/** The node a step acts on, or undefined for a step that changes the network (it bears on every node's sends). */
export function stepNode(step: Step): string | undefined {
  return step.kind === 'command' || step.kind === 'crash' || step.kind === 'restart' ? step.node : undefined;
}

/**
 * Feeds the scenario's steps to the queue one at a time: one queue entry instead of one per
 * step keeps the queue small (a generated workload has thousands of steps), with the same order
 * as if every step had been queued at the start.
 */
export class StepCursor implements ScheduledEntry {
  atUs = 0;
  seq = 0;
  private next = 0;
  private readonly firstSeq: number;

  constructor(
    private readonly queue: EventQueue,
    private readonly actions: (() => void)[],
    private readonly timesUs: number[],
  ) {
    this.firstSeq = queue.reserve(actions.length);
    this.queueNext();
  }

  /** The index of the step that fires next (the number of steps fired so far). */
  get nextStep(): number {
    return this.next;
  }

  private queueNext(): void {
    if (this.next < this.actions.length) this.queue.scheduleReserved(this, this.timesUs[this.next], this.firstSeq + this.next);
  }

  fire(): void {
    const action = this.actions[this.next++];
    this.queueNext();
    action();
  }
}

/** Queues a scenario's steps on a world. */
export function queueSteps(world: World, steps: readonly Step[]): StepCursor {
  return new StepCursor(
    world.scheduler,
    steps.map((step) => stepAction(world, step)),
    steps.map((step) => Math.round(step.atMs * 1000)),
  );
}

/** A step in words, for notes beside a schedule: `join 1111`, `publish 1111 "Hej"`, `crash server`. */
export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'command': {
      const args = Object.entries(step.args);
      const text = args.length === 1 && args[0][0] === 'text' ? ` ${JSON.stringify(args[0][1])}` : args.length > 0 ? ` ${JSON.stringify(step.args)}` : '';
      return `${step.command} ${step.node}${text}`;
    }
    case 'crash':
    case 'restart':
      return `${step.kind} ${step.node}`;
    case 'partition':
      return `partition ${step.groups.map((group) => `[${group.join(', ')}]`).join(' ')}`;
    case 'block':
      return `block ${step.from} -> ${step.to}`;
    case 'heal':
      return step.from === undefined ? 'heal all' : `heal ${step.from} -> ${step.to}`;
  }
}
