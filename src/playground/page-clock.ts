/**
 * The page's time: what the playground reads to time its redraws and to wait for a pause in the
 * typing. It is handed in by the page's entry (main.ts), the one place that reads the browser's
 * clock, as `src/cli` is for the command line; nothing the page simulates depends on it.
 */
export interface PageClock {
  /** Milliseconds since some fixed moment (the browser's `performance.now()`). */
  now(): number;
  /** Calls `act` after about `delayMs`; returns what cancels it. */
  after(delayMs: number, act: () => void): () => void;
}
