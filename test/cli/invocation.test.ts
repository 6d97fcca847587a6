/**
 * The commands chitty-sim prints (replays, "did you mean") start the way the user started it, so
 * that they can be pasted back: `npx chitty-sim` under npm, `chitty-sim` when that is on the PATH,
 * else `node` and the script.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invocationOf, shellCommand, shellWord } from '../../src/cli/invocation.js';

const SCRIPT = '/home/ana/chitty-sim/bin/chitty-sim.js';
/** Executables that exist, by path, with their real paths. */
const executables = (files: Record<string, string>) => (file: string) => files[file];

describe('invocationOf', () => {
  it('says npx chitty-sim when npm started it (npx, npm exec, an npm script)', () => {
    for (const npm_command of ['exec', 'run-script', 'start']) {
      expect(invocationOf({ env: { npm_command, PATH: '/usr/bin' }, script: SCRIPT, cwd: '/home/ana/chitty-sim', realExecutable: executables({ [SCRIPT]: SCRIPT }) })).toBe('npx chitty-sim');
    }
  });

  it('says chitty-sim when that name on the PATH is this very script', () => {
    const linked = '/usr/local/bin/chitty-sim';
    const context = { env: { PATH: ['/usr/bin', '/usr/local/bin'].join(path.delimiter) }, script: linked, cwd: '/tmp' };
    expect(invocationOf({ ...context, realExecutable: executables({ [linked]: SCRIPT }) })).toBe('chitty-sim');
    // Another chitty-sim on the PATH (an older install) does not count.
    expect(invocationOf({ ...context, script: SCRIPT, realExecutable: executables({ [linked]: '/opt/other/bin/chitty-sim.js', [SCRIPT]: SCRIPT }) })).toBe(`node ${SCRIPT}`);
  });

  it('says node and the script otherwise, relative to the folder when inside it', () => {
    const realExecutable = executables({ [SCRIPT]: SCRIPT });
    expect(invocationOf({ env: { PATH: '/usr/bin' }, script: SCRIPT, cwd: '/home/ana/chitty-sim', realExecutable })).toBe('node bin/chitty-sim.js');
    expect(invocationOf({ env: {}, script: SCRIPT, cwd: '/tmp', realExecutable })).toBe(`node ${SCRIPT}`);
    expect(invocationOf({ env: {}, script: '/home/ana/my tools/chitty-sim.js', cwd: '/tmp', realExecutable })).toBe("node '/home/ana/my tools/chitty-sim.js'");
  });

  it('quotes for the shell only what needs it', () => {
    expect(shellWord('out/run-1.yaml')).toBe('out/run-1.yaml');
    expect(shellWord('my file.yaml')).toBe("'my file.yaml'");
    expect(shellWord("it's")).toBe("'it'\\''s'");
    expect(shellWord('$HOME')).toBe("'$HOME'");
    expect(shellCommand('npx chitty-sim', ['run', 'a b.yaml', '--check'])).toBe("npx chitty-sim run 'a b.yaml' --check");
  });
});
