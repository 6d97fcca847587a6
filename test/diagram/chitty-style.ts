import { palette, refusalOf, title } from '../../src/protocols/chitty-chat/palette.js';

/** Chitty-Chat's diagram style (its traces' palette and title), as the CLI passes it. */
export const CHITTY_STYLE = { palette, title, refusalOf } as const;
