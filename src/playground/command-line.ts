/** The command that gives the run the page shows, for a reader to try on their own machine. Pure. */
import type { ScenarioRun } from './scenario-run.js';
import type { PageSettings } from './share-link.js';

export function commandLine(file: string, run: Pick<ScenarioRun, 'seed' | 'variant' | 'scenario'>, settings: Pick<PageSettings, 'seed' | 'variant' | 'axis' | 'check'>): string {
  const words = ['npx chitty-sim run', file];
  if (settings.seed !== undefined && settings.seed !== run.scenario.seed) words.push('--seed', String(run.seed));
  if (settings.variant !== '' && settings.variant !== run.scenario.variant) words.push('--variant', run.variant);
  const base = file.replace(/\.ya?ml$/i, '');
  words.push('--trace', `${base}.ndjson`, '&& npx chitty-sim view', `${base}.ndjson`, '-o', `${base}.html`);
  if (settings.axis !== 'order') words.push('--axis', settings.axis);
  if (settings.check) words.push('--check');
  return words.join(' ');
}
