/** Each limit stated in README.md, with the message it gives. */
import { describe, expect, it } from 'vitest';
import { formatProblem, parseScenario } from '../../src/scenario/parse.js';
import { runToText, scenarioFromText } from '../helpers.js';

const problems = (text: string) => {
  const result = parseScenario(text);
  return result.ok ? '' : result.problems.map((problem) => formatProblem('s.yaml', problem)).join('\n');
};

describe('limits', () => {
  it('scenario file size: 2 MiB', () => {
    expect(problems('# ' + 'x'.repeat(2 * 1024 * 1024) + '\nsteps: []\n')).toBe('s.yaml:1:1: the file is larger than 2 MiB; use a generate: section for large workloads');
  });

  it('written steps: 50,000', () => {
    const text = 'steps:\n' + '  - { at: 0, join: a }\n'.repeat(50_001);
    expect(problems(text)).toBe('s.yaml:2:3: steps: more than 50000 steps; use a generate: section for large workloads');
  });

  it('generated participants: 10,000; publishes: 10,000,000 in all', () => {
    expect(problems('generate: { participants: 10001, publishesEach: 1, window: [0, 1] }\n')).toContain('generate.participants: must be at most 10000');
    expect(problems('generate: { participants: 10000, publishesEach: 1001, window: [0, 1] }\n')).toContain('generate: more than 10000000 publishes in all');
  });

  it('YAML nesting: 32 levels, 256 columns', () => {
    expect(problems('steps: ' + '['.repeat(40) + ']'.repeat(40))).toContain('nested more than 32 levels deep');
    expect(problems('steps:\n' + ' '.repeat(300) + '- 1\n')).toContain('indented more than 256 columns');
  });

  it('YAML aliases: not supported', () => {
    expect(problems('name: &n x\nclock: *n\nsteps: []\n')).toContain('aliases (*name) are not supported in scenario files');
  });

  it('participant names: 64 characters, no spaces or commas, not server', () => {
    expect(problems(`steps:\n  - { at: 0, join: ${'a'.repeat(65)} }\n`)).toContain('a participant name has at most 64 characters');
    expect(problems('steps:\n  - { at: 0, join: "a b" }\n')).toContain('cannot contain spaces or commas');
    expect(problems('steps:\n  - { at: 0, join: server }\n')).toContain("is the server's name");
  });

  it('chat message: 128 code points, refused by the server at run time', () => {
    const ok = '😀'.repeat(128);
    const long = '😀'.repeat(129);
    const scenario = scenarioFromText(`steps:\n  - { at: 0, join: a }\n  - { at: 10, publish: a, message: "${ok}" }\n  - { at: 20, publish: a, message: "${long}" }\n`);
    const { log } = runToText(scenario, { logFormat: 'pretty' });
    expect(log).toContain(`a said: ${ok}`);
    expect(log).toContain('Publish refused: the message has 129 characters, more than 128');
    expect(log).not.toContain(`a said: ${long}`);
  });
});
