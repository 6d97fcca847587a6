/**
 * The little of d3-selection that svg-drawing.ts uses; the package ships no types. On the command
 * line it selects in jsdom's document (made by d3-node), in a browser in the page's.
 */
declare module 'd3-selection' {
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

  /** Selects one element. */
  export function select(node: Element): Selection;
}
