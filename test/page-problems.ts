/**
 * What a user would see go wrong on a page opened in Chromium: console errors and warnings, page
 * errors, dialogs, and requests for anything the page should not reach (refused and recorded).
 */
import type { Page } from 'playwright-core';

/**
 * Watches `page` from now on; returns the list it fills.
 * @param allowed - the URLs the page may load (its own file or folder).
 */
export async function watchPageProblems(page: Page, allowed: (url: string) => boolean): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.route('**/*', (route) => {
    const requested = route.request().url();
    if (allowed(requested)) return route.continue();
    problems.push(`request: ${requested}`);
    return route.abort();
  });
  page.on('requestfailed', (request) => {
    if (!allowed(request.url())) problems.push(`request failed: ${request.url()}`);
  });
  return problems;
}
