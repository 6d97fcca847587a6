/** The playground page's script: everything runs here, in the page; nothing is fetched. */
import { Playground } from './playground.js';
import { StepPanel } from './step-panel.js';

const playground = new Playground(document, {
  now: () => performance.now(),
  after: (delayMs, act) => {
    const timer = setTimeout(act, delayMs);
    return () => clearTimeout(timer);
  },
});
new StepPanel(playground, document);
void playground.start();
// For tests and the benchmark, which drive the page as a person does and read what it shows.
(window as unknown as { chittyPlayground: Playground }).chittyPlayground = playground;
