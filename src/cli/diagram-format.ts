/**
 * Which format a diagram file is written in: the file's name says (`.svg`, `.png`); any other name
 * is a mistake the user hears about before any work is done.
 */
import { InputError } from './errors.js';

export type DiagramFormat = 'svg' | 'png';

/**
 * @param file - the output file as given.
 * @param option - the option that named it, for the message (`--output`, `--svg`).
 */
export function diagramFormatOf(file: string, option: string): DiagramFormat {
  if (/\.svg$/i.test(file)) return 'svg';
  if (/\.png$/i.test(file)) return 'png';
  const ending = /\.[^./\\]+$/.exec(file)?.[0];
  throw new InputError(`${option}: ${file} ${ending ? `is named ${ending}` : 'has no ending'}; name it .svg or .png, the formats a diagram is written in`);
}
