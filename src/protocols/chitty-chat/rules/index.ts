/**
 * Chitty-Chat's promises as checker rules: the server's broadcast rounds and what members show,
 * judged by the promise checker. This routes each event to the part of it that cares.
 */
import type { CheckedEvent, RuleChecker, RuleContext, RuleSet } from '../../../check/rule-set.js';
import type { MessageRecord } from '../../../check/messages.js';
import { SERVER_NAME } from '../messages.js';
import { PromiseChecker } from './promise-checker.js';
import type { Round } from './rounds.js';
import { chatSuffixStart } from './texts.js';

/** Chitty-Chat's rules, in report order, with their one-line summaries. */
export const CHITTY_CHAT_RULES = {
  'broadcast-once': 'Every member at the start of a broadcast shows it exactly once; nobody shows a broadcast twice.',
  'broadcast-order': 'Members show the broadcasts in one order: no two members show two broadcasts in opposite orders.',
  'own-announcement': 'A joiner shows its own join announcement; a leaver does not show its own leave announcement.',
  'announcement-time': "The L of `Participant X joined/left Chitty-Chat at Lamport time L` is X's time at its join response / its Leave Request sent.",
  'message-length': 'No chat message longer than 128 Unicode code points is broadcast.',
} as const;

/** Options of Chitty-Chat's rules. */
export interface ChittyChatRuleOptions {
  /** Broadcast rounds kept open for late or reordered shows before they are judged. Default 16. */
  openRounds?: number;
}

class ChittyChatRuleChecker implements RuleChecker {
  private readonly promises: PromiseChecker;
  private readonly serverIndex: number;

  constructor(context: RuleContext, options: ChittyChatRuleOptions) {
    this.serverIndex = context.intern(SERVER_NAME);
    this.promises = new PromiseChecker(context.names, (name) => context.intern(name), () => this.serverIndex, context.log, { openRounds: options.openRounds });
  }

  event(event: CheckedEvent): void {
    const promises = this.promises;
    const node = event.node;
    const record = event.message as MessageRecord<Round> | undefined;
    const isServer = node === this.serverIndex;
    switch (event.kind) {
      case 'send':
        if (isServer) promises.serverEvent(event.i, 'send', event.lamport, event.type, event.text, record);
        else if (event.type === 'BroadcastReply' && record !== undefined) promises.broadcastReplySent(node, record);
        break;
      case 'receive':
        if (isServer) promises.serverEvent(event.i, 'receive', event.lamport, event.type, event.text, record);
        else if (event.type === 'BroadcastRequest') promises.broadcastReceived(node, event.i, record);
        else if (event.type === 'JoinReply') promises.joinReplyReceived(node, event.i, event.lamport, event.text, record);
        break;
      case 'local':
        if (isServer) promises.serverEvent(event.i, 'local', event.lamport, event.type, event.text, undefined);
        else promises.participantLocal(node, event.i, event.lamport, event.text);
        break;
      case 'crash':
        if (isServer) promises.serverEvent(event.i, 'crash', event.lamport, event.type, event.text, undefined);
        else promises.participantCrash(node);
        break;
      case 'restart':
        if (isServer) promises.serverEvent(event.i, 'restart', event.lamport, event.type, event.text, undefined);
        break;
      case 'drop':
        break;
    }
    const shows = event.shows;
    if (shows !== undefined && shows.length > 0 && !isServer) {
      // A chat line ends in `, lamport time: N`; an announcement does not.
      const suffix = chatSuffixStart(shows);
      promises.shown(node, event.i, event.lamport, shows, suffix >= 0 ? suffix : shows.length, suffix >= 0);
    }
  }

  finish(interrupted: boolean): void {
    this.promises.finish(interrupted);
  }

  stats(): Record<string, number | boolean> {
    return { broadcasts: this.promises.rounds, overlappingBroadcasts: this.promises.overlapping };
  }

  notes(): string[] {
    return this.promises.overlapping ? ["the server's broadcasts overlapped; they were told apart by their texts"] : [];
  }

  size(): Record<string, number> {
    return this.promises.size();
  }
}

/** Chitty-Chat's promises as a rule set. */
export function chittyChatRules(options: ChittyChatRuleOptions = {}): RuleSet {
  return {
    rules: CHITTY_CHAT_RULES,
    create: (context) => new ChittyChatRuleChecker(context, options),
    nodeLabel: (name) => (name === SERVER_NAME ? 'The server' : `Participant ${name}`),
  };
}
