// jsdom ships no types here; the tests use only its XML parser.
declare module 'jsdom' {
  export class JSDOM {
    constructor(html?: string);
    readonly window: { DOMParser: { new (): DOMParser } };
  }
}
