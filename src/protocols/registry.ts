/** The protocols that ship with chitty-sim, by name. */
import { causalBroadcast } from './causal-broadcast/protocol.js';
import { chittyChat } from './chitty-chat/protocol.js';
import type { BuiltinProtocol } from './protocol.js';
import { ricartAgrawala } from './ricart-agrawala/protocol.js';

export const BUILTIN_PROTOCOLS: readonly BuiltinProtocol[] = [chittyChat, ricartAgrawala, causalBroadcast];

export const BUILTIN_PROTOCOL_NAMES: readonly string[] = BUILTIN_PROTOCOLS.map((protocol) => protocol.name);

/** The built-in protocol of that name, or undefined. */
export function builtinProtocol(name: string): BuiltinProtocol | undefined {
  return BUILTIN_PROTOCOLS.find((protocol) => protocol.name === name);
}
