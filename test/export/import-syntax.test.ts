/**
 * ShiViz's regular expression and delimiter, as ShiViz applies them: named groups beyond event,
 * host and clock become fields; executions are the parts between the delimiter's matches; a
 * clock with escaped quotes reads; every event keeps the line it came from.
 */
import { describe, expect, it } from 'vitest';
import { mergeExecutions, readShivizExecutions, readShivizLog, ShivizExecutionChoiceError, ShivizSyntaxError } from '../../src/import/shiviz.js';
import { TraceFormatError } from '../../src/trace/read.js';
import { checkEvents } from '../../src/check/checker.js';

const DELIMITER = '^=== (?<trace>.*) ===$';

describe('ShiViz regex and delimiter', () => {
  it('turns extra named groups into fields and skips the text the regex does not match', () => {
    const regex = String.raw`(?<date>\d\d:\d\d) (?<level>[A-Z]+) (?<event>.*)\n(?<host>\w+) (?<clock>\{.*\})`;
    const log = 'starting up\n10:00 INFO a sends\na {"a":1}\nnoise between\n10:01 WARN b receives\nb {"a":1, "b":1}\n';
    const execution = readShivizLog(log, { regex });
    expect(execution.events.map((event) => [event.node, event.kind, event.text, event.fields])).toEqual([
      ['a', 'send', 'a sends', { date: '10:00', level: 'INFO' }],
      ['b', 'receive', 'b receives', { date: '10:01', level: 'WARN' }],
    ]);
    expect(execution.lines).toEqual([3, 6]);
    expect(execution.header.version).toBe(2);
  });

  it('reads a group that matched nothing as no field', () => {
    const regex = String.raw`(?:(?<tag>#\w+) )?(?<event>.*)\n(?<host>\w+) (?<clock>\{.*\})`;
    const events = readShivizLog('#x one\na {"a":1}\ntwo\na {"a":2}\n', { regex }).events;
    expect(events.map((event) => event.fields)).toEqual([{ tag: '#x' }, undefined]);
  });

  it('reads clocks written with escaped quotes, as a TLA+ trace has them', () => {
    const regex = String.raw`^Host = (?<host>.*)\nClock = "(?<clock>.*)"\nAction = (?<event>.*)`;
    const log = 'Host = n1\nClock = "{\\"n1\\":1,\\"n2\\":0}"\nAction = Send\nHost = n2\nClock = "{\\"n1\\":1,\\"n2\\":1}"\nAction = Recv\n';
    const events = readShivizLog(log, { regex }).events;
    expect(events.map((event) => [event.node, event.kind, event.vc])).toEqual([
      ['n1', 'send', { n1: 1 }],
      ['n2', 'receive', { n1: 1, n2: 1 }],
    ]);
  });

  it('splits executions at the delimiter, names them by its trace group and skips blank ones', () => {
    const log = ['=== first ===', 'a1', 'a {"a":1}', '', '=== empty ===', '', '=== second run ===', 'x', 'b {"b":1}', 'y', 'b {"b":2}', ''].join('\n');
    const executions = readShivizExecutions(log, { delimiter: DELIMITER });
    expect(executions.map((execution) => [execution.name, execution.events.length, execution.header.scenario, execution.lines])).toEqual([
      ['first', 1, 'ShiViz log: first', [3]],
      ['second run', 2, 'ShiViz log: second run', [9, 11]],
    ]);
  });

  it('calls the text before the first delimiter the unnamed execution, and numbers executions of a delimiter without a trace group', () => {
    const log = 'a1\na {"a":1}\n---\nb1\nb {"b":1}\n---\nc1\nc {"c":1}\n';
    expect(readShivizExecutions(log, { delimiter: '^---$' }).map((execution) => execution.name)).toEqual(['', '1', '2']);
  });

  it('refuses two executions of one name, as ShiViz does', () => {
    const log = '=== x ===\na1\na {"a":1}\n=== x ===\nb1\nb {"b":1}\n';
    expect(() => readShivizExecutions(log, { delimiter: DELIMITER })).toThrow(/two executions are called "x" \(lines 1 and 4\)/);
  });

  it('takes the regex and the delimiter from the first two lines of an uploaded file, anchored as ShiViz anchors them', () => {
    const log = ['(?<host>\\w+) (?<clock>\\{.*\\}) (?<event>.*)', '=== (?<trace>.*) ===', '=== one ===', 'a {"a":1} hello', 'junk a {"a":2} not at a line start', '=== two ===', 'b {"b":1} hi', ''].join('\n');
    const executions = readShivizExecutions(log);
    expect(executions.map((execution) => [execution.name, execution.events.map((event) => event.text)])).toEqual([
      ['one', ['hello']],
      ['two', ['hi']],
    ]);
    // Given options win over the file's lines.
    expect(readShivizExecutions(log, { delimiter: '^=== two ===$' }).map((execution) => execution.name)).toEqual(['', '1']);
  });

  it('asks for an execution by name when a log has several', () => {
    const log = '=== x ===\na1\na {"a":1}\n=== y ===\nb1\nb {"b":1}\n';
    expect(() => readShivizLog(log, { delimiter: DELIMITER })).toThrow(ShivizExecutionChoiceError);
    expect(readShivizLog(log, { delimiter: DELIMITER, execution: 'y' }).hosts).toEqual(['b']);
    expect(() => readShivizLog(log, { delimiter: DELIMITER, execution: 'z' })).toThrow(/no execution "z"; its executions: "x", "y"/);
  });

  it('puts every execution side by side: hosts apart, message ids apart, each starting at the top', () => {
    const log = '=== x ===\ns\na {"a":1}\nr\nb {"a":1,"b":1}\n=== y ===\ns\na {"a":1}\nr\nb {"a":1,"b":1}\n';
    const merged = mergeExecutions(readShivizExecutions(log, { delimiter: DELIMITER }), 'runs.log');
    expect(merged.events.map((event) => [event.i, event.node, event.kind, event.msg, event.peer])).toEqual([
      [0, 'x/a', 'send', 0, 'x/b'],
      [1, 'y/a', 'send', 1, 'y/b'],
      [2, 'x/b', 'receive', 0, 'x/a'],
      [3, 'y/b', 'receive', 1, 'y/a'],
    ]);
    expect(merged.groups).toEqual([
      { name: 'x', nodes: ['x/a', 'x/b'] },
      { name: 'y', nodes: ['y/a', 'y/b'] },
    ]);
    expect(merged.lines).toEqual([3, 8, 5, 10]);
    expect(checkEvents(merged.events, { rules: [] }).status).toBe('pass');
  });

  it('refuses a regex or delimiter that cannot be used, naming the option', () => {
    expect(() => readShivizLog('a\na {"a":1}\n', { regex: '(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*}' })).toThrow(ShivizSyntaxError);
    expect(() => readShivizLog('a\na {"a":1}\n', { regex: '(?<event>.*)\\n(?<host>\\S*) (.*)' })).toThrow(/--regex has no \(\?<clock>\.\.\.\) group/);
    expect(() => readShivizLog('a\na {"a":1}\n', { delimiter: '(' })).toThrow(/--delimiter is not a valid regular expression/);
    expect(() => readShivizLog('a\na {"a":1}\n', { regex: '(?<event>x)(?<host>y)(?<clock>z)' })).toThrow(TraceFormatError);
    expect(() => readShivizLog('a\na {"a":1}\n', { regex: '(?<event>x)(?<host>y)(?<clock>z)' })).toThrow(/matches no event in the log/);
  });

  it('reads a regex that spans lines and CRLF line ends, counting lines in the file', () => {
    const regex = String.raw`^BEGIN (?<event>.*)\n(?:.*\n)*?clock: (?<host>\w+) (?<clock>\{.*\})$`;
    const log = 'BEGIN one\nnote\nnote\nclock: a {"a":1}\r\nBEGIN two\nclock: b {"a":1,"b":1}\r\n';
    const execution = readShivizLog(log, { regex });
    expect(execution.events.map((event) => event.text)).toEqual(['one', 'two']);
    expect(execution.lines).toEqual([4, 6]);
  });
});
