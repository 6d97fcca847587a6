// Types of build-playground.mjs, for the tests that build the playground and test its guard.
import type { BuildResult, Metafile } from 'esbuild';

/** The bundle's Node-only inputs, as `input (what it is)`; empty when the bundle is fit for a browser. */
export function nodeOnlyInputs(metafile: Metafile): string[];
/** Bundles `entry` for the page; throws naming every Node-only input. Writes nothing without `outfile`. */
export function bundle(entry: string, outfile?: string): Promise<BuildResult & { metafile: Metafile }>;
/** Builds the site into `outDir` (default site/). */
export function buildPlayground(options?: { outDir?: string }): Promise<{ index: string; files: { name: string; bytes: number }[]; metafile: Metafile }>;
