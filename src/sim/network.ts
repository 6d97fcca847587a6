/**
 * The simulated network: a delay model per directed link (a default plus overrides), each link
 * drawing from its own seeded stream. Messages may overtake each other: there is no FIFO order.
 */
import { DEFAULT_DELAY, drawDelayUs, type DelayModel } from './delay.js';
import { createStream, linkPurpose, type RandomStream } from './random.js';

/** One directed link's settings. */
export interface LinkOverride {
  from: string;
  to: string;
  delay: DelayModel;
}

/** The network section of a scenario. */
export interface NetworkConfig {
  /** Delay of every link without an override; default uniform [1, 5] ms. */
  delay: DelayModel;
  links: LinkOverride[];
}

export const DEFAULT_NETWORK: NetworkConfig = { delay: DEFAULT_DELAY, links: [] };

interface Link {
  model: DelayModel;
  random: RandomStream;
}

/**
 * Draws per-link delays between the nodes named at construction, addressed by index.
 * A link's stream is created on first use and depends only on the seed and the two names.
 */
export class Network {
  private readonly links: (Link | undefined)[];
  private readonly overrides = new Map<string, DelayModel>();

  constructor(
    private readonly seed: number,
    private readonly config: NetworkConfig,
    private readonly nodeNames: readonly string[],
  ) {
    for (const link of config.links) this.overrides.set(linkKey(link.from, link.to), link.delay);
    this.links = new Array(nodeNames.length * nodeNames.length);
  }

  /** The delay in µs of the next message from node `from` to node `to` (indices). */
  delayUs(from: number, to: number): number {
    const link = this.links[from * this.nodeNames.length + to] ?? this.createLink(from, to);
    return drawDelayUs(link.model, link.random);
  }

  private createLink(from: number, to: number): Link {
    const fromName = this.nodeNames[from];
    const toName = this.nodeNames[to];
    const link = {
      model: this.overrides.get(linkKey(fromName, toName)) ?? this.config.delay,
      random: createStream(this.seed, linkPurpose(fromName, toName)),
    };
    this.links[from * this.nodeNames.length + to] = link;
    return link;
  }
}

function linkKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}
