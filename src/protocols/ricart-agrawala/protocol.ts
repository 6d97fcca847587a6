/**
 * Ricart-Agrawala as a protocol: distributed mutual exclusion with Lamport timestamps. Its regions
 * `cs` are declared exclusive, so the checker's `mutual-exclusion` rule judges every run.
 */
import type { BuiltinProtocol } from '../protocol.js';
import { CRITICAL_SECTION, PALETTE } from './messages.js';
import { ricartAgrawalaNode } from './node.js';
import { settingsOptions } from './settings.js';
import { VARIANTS } from './variants.js';
import { generateWorkload } from './workload.js';

export const ricartAgrawala: BuiltinProtocol = {
  name: 'ricart-agrawala',
  title: 'Ricart-Agrawala',
  summary: 'Distributed mutual exclusion: a node enters its critical section once every other node has replied to its timestamped request',
  exclusive: [CRITICAL_SECTION],
  variants: VARIANTS.map(({ name, summary }) => ({ name, summary })),
  palette: PALETTE,
  node: ricartAgrawalaNode,
  options: settingsOptions,
  generate: generateWorkload,
};
