/** The page's elements by id: a missing one is a fault of the page, said by its id. */
export function pageElement<T extends HTMLElement>(document: Document, id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}
