/**
 * The simulated network: per directed link a delay model, a loss and a duplication probability
 * (a default plus overrides), partitions and one-way blocks. Each link draws its delays from one
 * seeded stream and its faults from another, so turning faults on does not change the delays and
 * adding a participant does not change the draws of existing links. Messages may overtake each
 * other: there is no FIFO order.
 */
import { DEFAULT_DELAY, drawDelayUs, type DelayModel } from './delay.js';
import { createStream, linkPurpose, type RandomStream } from './random.js';

/** One directed link's settings; what is left out comes from the network's defaults. */
export interface LinkOverride {
  from: string;
  to: string;
  delay?: DelayModel;
  /** Probability that a message is lost. */
  loss?: number;
  /** Probability that a message is delivered twice. */
  duplicate?: number;
}

/** The network section of a scenario. */
export interface NetworkConfig {
  /** Delay of every link without an override; default uniform [1, 5] ms. */
  delay: DelayModel;
  /** Probability that a message is lost; default 0. */
  loss: number;
  /** Probability that a message is delivered twice; default 0. */
  duplicate: number;
  links: LinkOverride[];
}

export const DEFAULT_NETWORK: NetworkConfig = { delay: DEFAULT_DELAY, loss: 0, duplicate: 0, links: [] };

interface Link {
  model: DelayModel;
  loss: number;
  duplicate: number;
  delays: RandomStream;
  /** Created on first use, only for links with faults. */
  faults: RandomStream | undefined;
}

/** What the network does with one message. */
export interface Fate {
  delayUs: number;
  /** Why it never arrives, or undefined. */
  dropped: 'loss' | 'partition' | undefined;
  /** Delay of a second copy in µs, or 0 for none. */
  duplicateDelayUs: number;
}

/**
 * Decides the fate of messages between the nodes named at construction, addressed by index.
 */
export class Network {
  private readonly links: (Link | undefined)[];
  private readonly overrides = new Map<string, LinkOverride>();
  private readonly count: number;
  /** blocked[from * count + to] is 1 while a partition or block cuts that direction. */
  private readonly blocked: Uint8Array;
  /** Group number per node under the current partition; -1 for none. */
  private partitionGroups: Int32Array | undefined;
  private readonly blocks = new Set<number>();
  private readonly fate: Fate = { delayUs: 0, dropped: undefined, duplicateDelayUs: 0 };

  constructor(
    private readonly seed: number,
    private readonly config: NetworkConfig,
    private readonly nodeNames: readonly string[],
  ) {
    for (const link of config.links) this.overrides.set(linkKey(link.from, link.to), link);
    this.count = nodeNames.length;
    this.links = new Array(this.count * this.count);
    this.blocked = new Uint8Array(this.count * this.count);
  }

  /** The delay in µs of the next message from node `from` to node `to` (indices), without faults. */
  delayUs(from: number, to: number): number {
    const link = this.links[from * this.count + to] ?? this.createLink(from, to);
    return drawDelayUs(link.model, link.delays);
  }

  /**
   * Decides delay, loss and duplication of the next message on a link. The returned object is
   * reused: read it before the next call.
   */
  send(from: number, to: number): Fate {
    const link = this.links[from * this.count + to] ?? this.createLink(from, to);
    const fate = this.fate;
    fate.delayUs = drawDelayUs(link.model, link.delays);
    fate.dropped = undefined;
    fate.duplicateDelayUs = 0;
    if (this.blocked[from * this.count + to] === 1) {
      fate.dropped = 'partition';
      return fate;
    }
    if (link.loss > 0 || link.duplicate > 0) {
      const faults = (link.faults ??= createStream(this.seed, `faults:${linkPurpose(this.nodeNames[from], this.nodeNames[to])}`));
      if (link.loss > 0 && faults() < link.loss) fate.dropped = 'loss';
      else if (link.duplicate > 0 && faults() < link.duplicate) fate.duplicateDelayUs = drawDelayUs(link.model, link.delays);
    }
    return fate;
  }

  /** Splits the nodes into groups that cannot reach each other; unnamed nodes form one more group. */
  partition(groups: readonly (readonly number[])[]): void {
    const group = new Int32Array(this.count).fill(groups.length);
    groups.forEach((members, number) => members.forEach((node) => (group[node] = number)));
    this.partitionGroups = group;
    this.refresh();
  }

  /** Cuts one direction, `from -> to`. */
  block(from: number, to: number): void {
    this.blocks.add(from * this.count + to);
    this.refresh();
  }

  /** Heals one block (both directions' blocks between the two when `bothWays`), or everything. */
  heal(which?: { from: number; to: number }): void {
    if (which === undefined) {
      this.blocks.clear();
      this.partitionGroups = undefined;
    } else {
      this.blocks.delete(which.from * this.count + which.to);
    }
    this.refresh();
  }

  private refresh(): void {
    const count = this.count;
    const group = this.partitionGroups;
    for (let from = 0; from < count; from++) {
      for (let to = 0; to < count; to++) {
        const cut = (group !== undefined && group[from] !== group[to]) || this.blocks.has(from * count + to);
        this.blocked[from * count + to] = cut ? 1 : 0;
      }
    }
  }

  private createLink(from: number, to: number): Link {
    const fromName = this.nodeNames[from];
    const toName = this.nodeNames[to];
    const override = this.overrides.get(linkKey(fromName, toName));
    const link: Link = {
      model: override?.delay ?? this.config.delay,
      loss: override?.loss ?? this.config.loss,
      duplicate: override?.duplicate ?? this.config.duplicate,
      // A fixed delay draws nothing: no stream to seed.
      delays: (override?.delay ?? this.config.delay).kind === 'fixed' ? NO_DRAWS : createStream(this.seed, linkPurpose(fromName, toName)),
      faults: undefined,
    };
    this.links[from * this.count + to] = link;
    return link;
  }
}

const NO_DRAWS: RandomStream = () => {
  throw new Error('a fixed delay draws no random numbers');
};

function linkKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}
