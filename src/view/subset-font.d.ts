/** The part of subset-font (HarfBuzz's subsetter, as WebAssembly) the viewer uses. */
declare module 'subset-font' {
  export default function subsetFont(data: Buffer, text: string, options?: { targetFormat?: 'sfnt' | 'woff' | 'woff2' }): Promise<Buffer>;
}
