/**
 * The names of the search strategies (`frontier.ts` implements them), apart from their code so
 * that the command line can list them without loading the search.
 */
export type Strategy = 'dfs' | 'bfs' | 'random';
export const STRATEGIES: readonly Strategy[] = ['dfs', 'bfs', 'random'];
