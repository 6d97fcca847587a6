/**
 * The little of d3-node (and the d3 selection API it hands out) that svg.ts uses; the package ships
 * no types. Only svg.ts may import 'd3-node'.
 */
declare module 'd3-node' {
  /** A d3 selection, reduced to what the diagram needs. */
  export interface Selection<Datum = unknown> {
    append(name: string): Selection<Datum>;
    attr(name: string, value: string | number | null | ((datum: Datum, index: number) => string | number | null)): Selection<Datum>;
    text(value: string | ((datum: Datum, index: number) => string)): Selection<Datum>;
    selectAll(selector: string): Selection<unknown>;
    data<T>(data: readonly T[]): { enter(): { append(name: string): Selection<T> } };
    each(callback: (this: Element, datum: Datum, index: number) => void): Selection<Datum>;
    node(): Element | null;
  }

  export interface D3NodeOptions {
    selector?: string;
    container?: string;
    styles?: string;
  }

  export class D3Node {
    constructor(options?: D3NodeOptions);
    readonly document: Document;
    createSVG(widthPx?: number, heightPx?: number, attributes?: Record<string, string | number>): Selection;
    svgString(): string;
  }
}
