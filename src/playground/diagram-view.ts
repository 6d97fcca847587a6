/**
 * The diagram on the page, with the viewer's interactions: click an event (or near it) for its
 * details and its causal past and future, hover for its log line; violations ring their events and
 * scroll them into view. The SVG is `chitty-sim view`'s, drawn in this page's document; trace text
 * reaches the page only as that SVG's escaped text and through `textContent`.
 */
import type { ViewerData, ViewerEvent } from '../view/data.js';
import type { ViewerDiagram } from '../view/viewer-diagram.js';
import { causalCone } from './causal-cone.js';
import { showEventDetails, showNoEvent } from './event-details.js';
import type { Zoom } from './zoom.js';

export class DiagramView {
  private svg: SVGSVGElement | undefined;
  private data: ViewerData | undefined;
  private widthPx = 1;
  private readonly byIndex = new Map<number, ViewerEvent>();
  private readonly elementsOf = new Map<number, Element[]>();
  private arrows: Element[] = [];
  private marked: [Element, string][] = [];
  private rings: Element[] = [];
  private selected: number | undefined;

  constructor(
    private readonly container: HTMLElement,
    private readonly details: HTMLElement,
    private readonly hoverLine: HTMLElement,
    private readonly zoom: Zoom,
  ) {
    container.addEventListener('click', (event) => this.onClick(event));
    container.addEventListener('mouseover', (event) => this.onHover(event));
    container.addEventListener('mouseleave', () => (this.hoverLine.textContent = ''));
    showNoEvent(details);
  }

  /** Shows a new diagram; the selected event stays selected when it is still drawn. */
  show(diagram: ViewerDiagram): void {
    this.container.classList.remove('stale');
    this.container.innerHTML = diagram.svg;
    this.svg = this.container.querySelector('svg') ?? undefined;
    this.data = diagram.data;
    this.widthPx = diagram.layout.widthPx;
    this.byIndex.clear();
    for (const event of diagram.data.events) this.byIndex.set(event.i, event);
    this.elementsOf.clear();
    this.svg?.querySelectorAll('[data-i]').forEach((element) => {
      const i = Number(element.getAttribute('data-i'));
      const list = this.elementsOf.get(i);
      if (list) list.push(element);
      else this.elementsOf.set(i, [element]);
    });
    this.arrows = this.svg ? [...this.svg.querySelectorAll('[data-from],[data-to]')] : [];
    this.zoom.attach(this.svg, diagram.layout.widthPx, diagram.layout.heightPx);
    this.marked = [];
    this.rings = [];
    this.select(this.selected !== undefined && this.byIndex.has(this.selected) ? this.selected : undefined);
  }

  /** Shows a message instead of a diagram (nothing to draw yet, or too much). */
  showMessage(text: string): void {
    this.container.classList.remove('stale');
    this.container.replaceChildren(Object.assign(document.createElement('p'), { className: 'message', textContent: text }));
    this.svg = undefined;
    this.data = undefined;
    this.zoom.attach(undefined, 1, 1);
    this.select(undefined);
  }

  /** Fades the diagram: it is of an older version of the scenario. */
  markStale(): void {
    this.container.classList.add('stale');
  }

  /** The indices of the events drawn. */
  get drawnEvents(): number[] {
    return this.data ? this.data.events.filter((event) => event.x !== undefined).map((event) => event.i) : [];
  }

  /** Rings the events (a violation's) and scrolls the first into view. */
  ring(indices: readonly number[]): void {
    for (const element of this.rings) element.classList.remove('ring');
    this.rings = [];
    for (const i of indices) {
      for (const element of this.elementsOf.get(i) ?? []) {
        element.classList.add('ring');
        this.rings.push(element);
      }
    }
    const first = indices.map((i) => this.elementsOf.get(i)?.[0]).find((element) => element !== undefined);
    first?.scrollIntoView({ block: 'center', inline: 'center' });
  }

  /** Marks the events a step made happen (step mode) and scrolls to the last of them. */
  markNewest(indices: readonly number[]): void {
    let last: Element | undefined;
    for (const i of indices) {
      const dot = this.elementsOf.get(i)?.find((element) => element.tagName === 'circle' || element.tagName === 'path');
      if (!dot) continue;
      dot.classList.add('newest');
      last = dot;
    }
    last?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  /** Selects an event: its details, its past in blue and its future in red; undefined clears. */
  select(i: number | undefined): void {
    for (const [element, className] of this.marked) element.classList.remove(className);
    this.marked = [];
    this.svg?.classList.remove('focus');
    const event = i === undefined ? undefined : this.byIndex.get(i);
    this.selected = event?.i;
    if (event === undefined || this.data === undefined) {
      showNoEvent(this.details);
      return;
    }
    const cone = causalCone(event, this.data.events);
    const inCone = new Set([event.i]);
    for (const other of cone.past) this.mark(other.i, 'hl-past', inCone);
    for (const other of cone.future) this.mark(other.i, 'hl-future', inCone);
    this.mark(event.i, 'hl-selected', inCone);
    for (const arrow of this.arrows) {
      const from = arrow.getAttribute('data-from');
      const to = arrow.getAttribute('data-to');
      if (from !== null && to !== null && inCone.has(Number(from)) && inCone.has(Number(to))) {
        arrow.classList.add('hl-message');
        this.marked.push([arrow, 'hl-message']);
      }
    }
    this.svg?.classList.add('focus');
    showEventDetails(this.details, event, cone, this.data);
  }

  private mark(i: number, className: string, inCone: Set<number>): void {
    inCone.add(i);
    for (const element of this.elementsOf.get(i) ?? []) {
      element.classList.add(className);
      this.marked.push([element, className]);
    }
  }

  private eventAt(target: EventTarget | null): ViewerEvent | undefined {
    const element = target instanceof Element ? target.closest('[data-i]') : null;
    if (!element || !this.svg?.contains(element)) return undefined;
    return this.byIndex.get(Number(element.getAttribute('data-i')));
  }

  private onClick(event: MouseEvent): void {
    if (!this.svg || !this.data) return;
    const hit = this.eventAt(event.target);
    if (hit) {
      this.select(hit.i);
      return;
    }
    // Marks are small: a click near one selects it.
    const box = this.svg.getBoundingClientRect();
    const scale = box.width / this.widthPx;
    const x = (event.clientX - box.left) / scale;
    const y = (event.clientY - box.top) / scale;
    let best: ViewerEvent | undefined;
    let bestDistance = (10 / scale + 2) ** 2;
    for (const candidate of this.data.events) {
      if (candidate.x === undefined || candidate.y === undefined) continue;
      const distance = (candidate.x - x) ** 2 + (candidate.y - y) ** 2;
      if (distance <= bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    this.select(best?.i);
  }

  private onHover(event: MouseEvent): void {
    const hovered = this.eventAt(event.target);
    if (!hovered) return;
    const said = hovered.text !== '' ? hovered.text : hovered.kind === 'drop' ? `lost ${hovered.type ?? 'message'} (${hovered.reason ?? 'unknown reason'})` : `(${hovered.kind}, nothing logged)`;
    this.hoverLine.textContent = `#${hovered.i} ${hovered.node} L${hovered.lamport} at ${hovered.t} ms: ${said}${hovered.shows !== undefined ? ` » ${hovered.shows}` : ''}`;
  }
}
