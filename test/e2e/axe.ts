/**
 * Accessibility checks for the end-to-end tests: axe-core in the real Chromium page.
 *
 * - `expectAccessible(page, label)`: no serious or critical axe violation in the pane (or another scope).
 * - `expectEveryPageAccessible(page, stage)`: the same on every page of the pane, found from its tabs, in
 *   both languages. A new page is checked at every stage by having its tab; a state of a page that only
 *   some steps reach (a form, a filled list) gets one `await expectAccessible(page, '…')` line there.
 *
 * On top of axe's default rules we run `label-content-name-mismatch` (WCAG 2.5.3: a control's visible
 * words are part of its accessible name), which axe still tags experimental and leaves off by default.
 * One false positive is dropped, and only it: `aria-hidden-focus` on the focus bumpers Tabster (Fluent
 * UI's keyboard navigation) puts around TabList and Dialog, `<i data-tabster-dummy tabindex=0
 * aria-hidden>`; they hand focus on at once, and Microsoft's own accessibility scanners drop them too.
 */
import type { Page } from 'playwright-core';
import { source as AXE_SOURCE, type Result, type RunOptions } from 'axe-core';
import { openPage } from './session';

export const PANE = '[data-testid="pane"]';

export interface AxeScope {
  /** CSS selector of the part to check; the pane by default. */
  include?: string;
  /** The whole page (pane and grid). The grid's thousands of cells would make colour-contrast take half a
   *  minute; its colours are fixed (dark text on white or light fills), so that rule is skipped there. */
  whole?: boolean;
}

/** Serious and critical violations, one readable line each (`label: rule (impact) help → nodes`). */
export async function axeViolations(page: Page, label: string, scope: AxeScope = {}): Promise<string[]> {
  const rules: Record<string, { enabled: boolean }> = { 'label-content-name-mismatch': { enabled: true } };
  if (scope.whole) rules['color-contrast'] = { enabled: false };
  // axe is put into the page once (until it navigates), not before every run as @axe-core/playwright does:
  // the every-page checks run it dozens of times.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  // Colour contrast is of the settled page: a button that has just turned enabled fades to its colours in
  // a CSS transition, and on a loaded machine axe could read it half way. Spinners loop forever: not awaited.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.playState === 'running' && a.effect?.getComputedTiming().endTime !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  const options: RunOptions = { rules, resultTypes: ['violations'] };
  const violations: Result[] = await page.evaluate(
    async ({ include, options }) => {
      const { axe } = window as unknown as {
        axe: { run(c: unknown, o: RunOptions): Promise<{ violations: Result[] }> };
      };
      return (await axe.run(include ?? document, options)).violations;
    },
    { include: scope.whole ? null : (scope.include ?? PANE), options },
  );
  const out: string[] = [];
  for (const v of violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue;
    let nodes = v.nodes;
    if (v.id === 'aria-hidden-focus') {
      const dummy = await page.evaluate(
        (targets) =>
          targets.map(
            (t) =>
              t.length === 1 &&
              typeof t[0] === 'string' &&
              !!document.querySelector(t[0])?.hasAttribute('data-tabster-dummy'),
          ),
        nodes.map((n) => n.target as unknown as (string | string[])[]),
      );
      nodes = nodes.filter((_, i) => !dummy[i]);
    }
    if (nodes.length === 0) continue;
    const where = nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 120)}`).slice(0, 3);
    out.push(`${label}: ${v.id} (${v.impact}) ${v.help} → ${where.join(' | ')}`);
  }
  for (const miss of await labelNotInName(page, scope.whole ? 'body' : (scope.include ?? PANE))) {
    out.push(`${label}: label-in-name (serious) visible words are not part of the accessible name → ${miss}`);
  }
  return out;
}

/**
 * WCAG 2.5.3 by words: axe's label-content-name-mismatch compares characters, so a button showing "EN"
 * and named "Switch to English" passes there ("en" is inside "english") though a speech user saying
 * "click EN" reaches nothing. Here every control named by aria-label/aria-labelledby whose visible text
 * has letters must carry that text in its name as whole words (Chinese, written without spaces, as a run).
 */
async function labelNotInName(page: Page, scope: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel);
    if (!root) return [];
    const controls = root.querySelectorAll(
      'button, a[href], input, select, textarea, [role="button"], [role="tab"], [role="link"], [role="menuitem"], [role="checkbox"], [role="radio"], [role="switch"], [role="option"]',
    );
    const norm = (t: string): string =>
      t
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
    const out: string[] = [];
    for (const el of controls) {
      if (el.closest('[aria-hidden="true"]') || (el as HTMLElement).offsetParent === null) continue;
      const labelledBy = (el.getAttribute('aria-labelledby') ?? '')
        .split(/\s+/)
        .map((id) => (id ? (document.getElementById(id)?.textContent ?? '') : ''))
        .join(' ');
      const name = norm(el.getAttribute('aria-label') || labelledBy);
      const visible = norm((el as HTMLElement).innerText ?? '');
      if (!name || !/\p{L}/u.test(visible)) continue;
      const words = ` ${name} `;
      if (!words.includes(` ${visible} `) && !(/[\p{Script=Han}]/u.test(visible) && name.includes(visible))) {
        out.push(`<${el.tagName.toLowerCase()}> shows "${visible}", named "${name}"`);
      }
    }
    return out;
  }, scope);
}

export async function expectAccessible(page: Page, label: string, scope: AxeScope = {}): Promise<void> {
  expect(await axeViolations(page, label, scope)).toEqual([]);
}

/** The pane's page keys, in tab order, from its tabs (`data-testid="tab-<key>"`). */
export async function paneTabs(page: Page): Promise<string[]> {
  return page
    .locator(`${PANE} [role="tab"][data-testid^="tab-"]`)
    .evaluateAll((tabs) => tabs.map((t) => t.getAttribute('data-testid')!.slice('tab-'.length)));
}

/**
 * Every page of the pane, in the current language and then in the other one; leaves the pane in the
 * language and on the page it found. Returns nothing: fails with every violation of every page at once.
 */
export async function expectEveryPageAccessible(page: Page, stage: string): Promise<void> {
  const keys = await paneTabs(page);
  expect(keys.length).toBeGreaterThan(0);
  const current = (await page.locator(`${PANE} [role="tab"][aria-selected="true"]`).getAttribute('data-testid'))?.slice(
    'tab-'.length,
  );
  const bad: string[] = [];
  for (let round = 0; round < 2; round++) {
    const lang = await page.evaluate(() => document.documentElement.lang);
    for (const key of keys) {
      await openPage(page, key);
      bad.push(...(await axeViolations(page, `${stage}, ${key} page, ${lang}`)));
    }
    await page.locator(`${PANE} [data-testid="lang-toggle"]`).click();
    await page.waitForFunction((was) => document.documentElement.lang !== was, lang);
  }
  await openPage(page, current ?? keys[0]);
  expect(bad).toEqual([]);
}
