/**
 * Causal broadcast as a protocol: a peer-to-peer chat whose nodes deliver messages in causal order,
 * with vector clocks in their own code. Its `causal-delivery` rule judges every run.
 */
import type { BuiltinProtocol } from '../protocol.js';
import { PALETTE } from './messages.js';
import { causalBroadcastNode } from './node.js';
import { causalDeliveryRules } from './rules/causal-delivery.js';
import { settingsOptions } from './settings.js';
import { VARIANTS } from './variants.js';
import { generateWorkload } from './workload.js';

export const causalBroadcast: BuiltinProtocol = {
  name: 'causal-broadcast',
  title: 'Causal broadcast',
  summary: 'A peer-to-peer chat that delivers every message in causal order, holding back a message until its causal past is delivered',
  variants: VARIANTS.map(({ name, summary }) => ({ name, summary })),
  palette: PALETTE,
  node: causalBroadcastNode,
  options: settingsOptions,
  rules: causalDeliveryRules(),
  generate: generateWorkload,
};
