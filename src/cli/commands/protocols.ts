/**
 * `chitty-sim protocols [FILE]`: the built-in protocols and their variants, one line each; or, given
 * a protocol module, what it declares (which also checks that it loads and is a protocol).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';

interface ProtocolsArguments {
  file?: string;
}

interface Described {
  name: string;
  summary: string;
  variants?: readonly { name: string; summary: string }[];
  exclusive?: readonly string[];
  rules?: { rules: Record<string, string> };
}

function describe(protocol: Described, width: number): string[] {
  const lines = [`${protocol.name.padEnd(width)}  ${protocol.summary}`];
  const variants = protocol.variants ?? [];
  const variantWidth = Math.max(0, ...variants.map((variant, k) => variant.name.length + (k === 0 ? ' (default)'.length : 0)));
  variants.forEach((variant, k) => lines.push(`  ${`${variant.name}${k === 0 ? ' (default)' : ''}`.padEnd(variantWidth)}  ${variant.summary}`));
  const rules = Object.keys(protocol.rules?.rules ?? {});
  if (rules.length > 0) lines.push(`  rules: ${rules.join(', ')}`);
  if (protocol.exclusive !== undefined && protocol.exclusive.length > 0) lines.push(`  exclusive regions: ${protocol.exclusive.join(', ')} (rule mutual-exclusion)`);
  return lines;
}

export const protocolsCommand: CommandModule<object, ProtocolsArguments> = {
  command: 'protocols [file]',
  describe: 'List the protocols and variants, or describe a module',
  builder: (yargs: Argv) =>
    yargs
      .positional('file', { type: 'string', describe: 'A protocol module (.mjs, .js or .ts) to load and describe' })
      .example('$0 protocols', 'The built-in protocols, their variants (--variant / clock:) and rules')
      .example('$0 protocols ./token-ring.ts', 'Load a protocol module and say what it declares') as unknown as Argv<ProtocolsArguments>,
  handler: async (argv: ArgumentsCamelCase<ProtocolsArguments>) => {
    if (argv.file !== undefined) {
      const { loadProtocol } = await import('../protocol-file.js');
      const { protocol } = await loadProtocol(argv.file, process.cwd(), 'chitty-sim protocols');
      process.stdout.write(describe(protocol, protocol.name.length).join('\n') + '\n');
      return;
    }
    const { BUILTIN_PROTOCOLS } = await import('../../protocols/registry.js');
    const width = Math.max(...BUILTIN_PROTOCOLS.map((protocol) => protocol.name.length));
    const blocks = BUILTIN_PROTOCOLS.map((protocol) => describe(protocol, width).join('\n'));
    process.stdout.write(blocks.join('\n\n') + '\n\nA scenario picks one with protocol: NAME (or protocol: ./your-protocol.ts) and a variant with variant: (or clock:).\n');
  },
};
