/**
 * The controls above the editor: the scenario to start from, the variant (clock mode), the seed
 * with "next seed", the axis and `--check`. They hold no state of their own beyond the form.
 */
import type { Axis } from '../diagram/options.js';
import type { Protocol } from '../protocols/protocol.js';
import type { Example } from './examples.js';
import type { PageSettings } from './share-link.js';
import { pageElement } from './page-element.js';

export class Controls {
  readonly example: HTMLSelectElement;
  readonly variant: HTMLSelectElement;
  readonly seed: HTMLInputElement;
  readonly axis: HTMLSelectElement;
  readonly check: HTMLInputElement;
  private readonly nextSeed: HTMLButtonElement;
  /** The protocol and variant the variant menu was made for. */
  private shownFor = '';
  /** The seed the scenario gives (what an empty seed field means). */
  private scenarioSeed = 1;

  constructor(
    document: Document,
    examples: readonly Example[],
    handlers: { onExample: (example: Example) => void; onSettings: () => void },
  ) {
    this.example = pageElement(document, 'example');
    this.variant = pageElement(document, 'variant');
    this.seed = pageElement(document, 'seed');
    this.axis = pageElement(document, 'axis');
    this.check = pageElement(document, 'check');
    this.nextSeed = pageElement(document, 'next-seed');
    this.fillExamples(document, examples);
    this.example.addEventListener('change', () => {
      const chosen = examples.find((example) => example.file === this.example.value);
      if (chosen) handlers.onExample(chosen);
    });
    for (const control of [this.variant, this.axis, this.check]) control.addEventListener('change', handlers.onSettings);
    this.seed.addEventListener('input', handlers.onSettings);
    this.nextSeed.addEventListener('click', () => {
      this.seed.value = String((this.seedOverride ?? this.scenarioSeed) + 1);
      handlers.onSettings();
    });
  }

  private fillExamples(document: Document, examples: readonly Example[]): void {
    const groups = new Map<string, HTMLOptGroupElement>();
    for (const example of examples) {
      let group = groups.get(example.protocol);
      if (!group) {
        group = document.createElement('optgroup');
        group.label = example.protocol;
        groups.set(example.protocol, group);
        this.example.append(group);
      }
      const option = document.createElement('option');
      option.value = example.file;
      option.textContent = `${example.file.replace(/\.yaml$/, '')} — ${example.name}`;
      group.append(option);
    }
    const own = document.createElement('option');
    own.value = '';
    own.textContent = '(edited)';
    this.example.append(own);
  }

  /** The seed field's whole number, or undefined when it is empty or not a seed. */
  get seedOverride(): number | undefined {
    const text = this.seed.value.trim();
    if (!/^\d+$/.test(text)) return undefined;
    const seed = Number(text);
    return Number.isSafeInteger(seed) ? seed : undefined;
  }

  /** Sets the form from settings (a link opened, a scenario chosen). */
  apply(settings: Omit<PageSettings, 'text'>): void {
    this.seed.value = settings.seed === undefined ? '' : String(settings.seed);
    this.setVariant(settings.variant);
    this.axis.value = settings.axis;
    this.check.checked = settings.check;
  }

  /** The form's settings (the text is the editor's, the file the page's). */
  read(): Omit<PageSettings, 'text'> {
    return { seed: this.seedOverride, variant: this.variant.value, axis: this.axis.value as Axis, check: this.check.checked };
  }

  /** What the scenario says, so that the menu offers its protocol's variants and the seed field its seed. */
  showScenario(protocol: Protocol, scenarioVariant: string, scenarioSeed: number): void {
    this.scenarioSeed = scenarioSeed;
    this.seed.placeholder = `${scenarioSeed} (file)`;
    const variants = protocol.variants ?? [];
    const key = `${protocol.name}\n${scenarioVariant}`;
    if (key === this.shownFor) return;
    this.shownFor = key;
    const chosen = this.variant.value;
    const options = [new Option(`as the file says (${scenarioVariant || variants[0]?.name || 'none'})`, '')];
    for (const variant of variants) {
      const option = new Option(variant.name, variant.name);
      option.title = variant.summary;
      options.push(option);
    }
    this.variant.replaceChildren(...options);
    this.variant.disabled = variants.length === 0;
    this.setVariant(chosen);
  }

  private setVariant(name: string): void {
    if (![...this.variant.options].some((option) => option.value === name)) {
      // A variant of another protocol, or one the menu does not list yet: keep it chosen.
      if (name !== '') this.variant.append(new Option(name, name));
    }
    this.variant.value = name;
  }

  /** Shows which shipped scenario the text is ('' for none: it was edited, or typed). */
  showExample(file: string): void {
    this.example.value = file;
  }
}
