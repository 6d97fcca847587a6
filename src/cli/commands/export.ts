/**
 * `chitty-sim export`: a trace (or a ShiViz log) as a ShiViz log, a Mermaid sequence diagram, a
 * TikZ picture or an NDJSON trace. The input is read whole: exports are for traces a person looks at.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { TraceEvent, TraceHeader } from '../../trace/format.js';
import { InputError, lineError } from '../errors.js';
import { readTextFile, writeOutput } from '../io.js';
import { refuseWrongKind } from '../input-kind.js';
import { loadShivizLog, refuseShivizOptions, shivizOptions, type ShivizArguments } from '../shiviz-file.js';

type Format = 'shiviz' | 'mermaid' | 'tikz' | 'trace';

interface ExportArguments extends ShivizArguments {
  trace: string;
  format: Format;
  output?: string;
  from: 'trace' | 'shiviz';
  standalone: boolean;
  markdown: boolean;
  maxEvents: number;
}

/** Reads the input as a trace or a ShiViz log; format errors become InputError naming FILE:LINE. */
async function readInput(file: string, from: 'trace' | 'shiviz', shiviz: ShivizArguments): Promise<{ header: TraceHeader; events: TraceEvent[] }> {
  if (from === 'shiviz') return loadShivizLog(file, shiviz);
  const text = await readTextFile(file);
  const { TraceFormatError, readTrace } = await import('../../trace/read.js');
  try {
    return readTrace(text);
  } catch (error) {
    if (error instanceof TraceFormatError) throw lineError(file, error);
    throw error;
  }
}

export const exportCommand: CommandModule<object, ExportArguments> = {
  command: 'export <trace>',
  describe: 'Export a trace for ShiViz, Mermaid (Markdown) or TikZ',
  builder: (yargs: Argv) =>
    yargs
      .positional('trace', { type: 'string', describe: 'Trace file (NDJSON, from `run --trace`), or a ShiViz log with --from shiviz', demandOption: true })
      .option('format', {
        alias: 'f',
        type: 'string',
        choices: ['shiviz', 'mermaid', 'tikz', 'trace'],
        demandOption: true,
        describe: 'shiviz: a log ShiViz opens; mermaid: a sequenceDiagram; tikz: a tikzpicture; trace: NDJSON',
      })
      .option('output', { alias: 'o', type: 'string', describe: 'Write to FILE (default: standard output)' })
      .option('from', { type: 'string', choices: ['trace', 'shiviz'], default: 'trace', describe: 'What the input is: a chitty-sim trace or a ShiViz log' })
      .option('standalone', { type: 'boolean', default: false, describe: 'tikz: a whole LaTeX document, one page cut to the picture, that pdflatex compiles' })
      .option('markdown', { type: 'boolean', default: false, describe: 'mermaid: wrap the diagram in a ```mermaid fence for Markdown' })
      .option('max-events', { type: 'number', default: 2000, describe: 'mermaid, tikz: refuse traces with more events than this (such diagrams are unreadable)' })
      .options(shivizOptions('default: the only one'))
      .example('$0 export out/run.ndjson --format shiviz -o out/run.shiviz.log', 'A log to open in ShiViz')
      .example('$0 export out/run.ndjson --format mermaid --markdown >> README.md', 'A sequence diagram GitHub renders')
      .example('$0 export out/run.ndjson --format tikz --standalone -o run.tex && pdflatex run.tex', 'A PDF of the diagram')
      .example('$0 export go.log --from shiviz --format trace -o go.ndjson', 'A GoVector log as a chitty-sim trace') as unknown as Argv<ExportArguments>,
  handler: async (argv: ArgumentsCamelCase<ExportArguments>) => {
    if (!Number.isSafeInteger(argv.maxEvents) || argv.maxEvents < 1) throw new InputError('--max-events: must be a whole number from 1');
    if (argv.standalone && argv.format !== 'tikz') throw new InputError('--standalone: only for --format tikz');
    if (argv.markdown && argv.format !== 'mermaid') throw new InputError('--markdown: only for --format mermaid');
    refuseWrongKind(argv.trace, argv.from, 'export');
    refuseShivizOptions(argv, argv.from === 'shiviz');
    const { header, events } = await readInput(argv.trace, argv.from, argv);
    if ((argv.format === 'mermaid' || argv.format === 'tikz') && events.length > argv.maxEvents) {
      throw new InputError(`${argv.trace}: ${events.length} events, more than --max-events ${argv.maxEvents}; a diagram that large cannot be read (raise --max-events to draw it anyway)`);
    }
    const exporters = await import('../../export/index.js');
    let content: string;
    try {
      if (argv.format === 'shiviz') content = exporters.exportShiviz(events);
      else if (argv.format === 'mermaid') content = exporters.exportMermaid(header, events, { markdown: argv.markdown });
      else if (argv.format === 'tikz') content = exporters.exportTikz(header, events, { standalone: argv.standalone });
      else content = exporters.traceToNdjson(header, events);
    } catch (error) {
      if (error instanceof exporters.ExportError) throw new InputError(`${argv.trace}: ${error.message}`);
      throw error;
    }
    if (argv.format === 'mermaid' && content.length > exporters.MERMAID_MAX_TEXT_CHARS) {
      process.stderr.write(`chitty-sim: note: the diagram has ${content.length} characters; Mermaid (and GitHub) refuse more than ${exporters.MERMAID_MAX_TEXT_CHARS} unless maxTextSize is raised\n`);
    }
    await writeOutput(argv.output, content);
  },
};
