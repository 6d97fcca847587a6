/**
 * The little of d3-node that svg.ts uses (a jsdom document to draw in); the package ships no
 * types. Only svg.ts may import 'd3-node'.
 */
declare module 'd3-node' {
  export interface D3NodeOptions {
    selector?: string;
    container?: string;
    styles?: string;
  }

  export class D3Node {
    constructor(options?: D3NodeOptions);
    readonly document: Document;
  }
}
