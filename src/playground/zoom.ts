/**
 * Zoom of the diagram: − and + by a quarter, Fit (the pane's width, kept while the diagram
 * changes), 1:1. The SVG has a viewBox, so its size in the page is all there is to change.
 */
const MIN_SCALE = 0.1;
const MAX_SCALE = 4;

export class Zoom {
  private scale = 1;
  private fitting = false;
  private svg: SVGSVGElement | undefined;
  private widthPx = 1;
  private heightPx = 1;

  constructor(
    private readonly scroll: HTMLElement,
    private readonly level: HTMLElement,
    buttons: { zoomIn: HTMLElement; zoomOut: HTMLElement; fit: HTMLElement; one: HTMLElement },
  ) {
    buttons.zoomIn.addEventListener('click', () => this.set(this.scale * 1.25));
    buttons.zoomOut.addEventListener('click', () => this.set(this.scale * 0.8));
    buttons.fit.addEventListener('click', () => {
      this.fitting = true;
      this.apply();
    });
    buttons.one.addEventListener('click', () => this.set(1));
  }

  /** A new diagram: shown at the scale chosen (or fitted again). */
  attach(svg: SVGSVGElement | undefined, widthPx: number, heightPx: number): void {
    this.svg = svg;
    this.widthPx = widthPx;
    this.heightPx = heightPx;
    this.apply();
  }

  private set(scale: number): void {
    this.fitting = false;
    this.scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
    this.apply();
  }

  private apply(): void {
    if (this.fitting) this.scale = Math.min(1, Math.max(MIN_SCALE, (this.scroll.clientWidth - 24) / this.widthPx));
    this.level.textContent = `${Math.round(this.scale * 100)} %`;
    if (!this.svg) return;
    this.svg.style.width = `${this.widthPx * this.scale}px`;
    this.svg.style.height = `${this.heightPx * this.scale}px`;
  }
}
