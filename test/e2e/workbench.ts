/**
 * Helpers for browser end-to-end tests: drive the real VS Code web workbench (code-server, started by
 * scripts/editor/e2e.mjs with the packaged extension installed) through headless chromium, the way
 * a person would. Everything waits by polling a condition with a deadline, never by sleeping.
 *
 * Also loaded with mocha's `--require`: its `mochaHooks` save a screenshot of every failing test in
 * .test-results/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

const root = join(__dirname, '..', '..');

/** Where e2e.mjs says the server and the workspace are. */
export const serverUrl = process.env.FOOTPRINT_E2E_URL ?? '';
export const workspaceFolder = process.env.FOOTPRINT_E2E_WORKSPACE ?? '';

/** The extension's id prefix for status bar items: `<publisher>.<name>`. */
export const extensionId = 'footprint-dev.footprint';

/** The activity-bar container and view ids contributed in package.json. */
export const containerId = 'footprint';

const chromiumArgs = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** One open browser tab on the workbench. */
export interface Workbench {
	browser: Browser;
	page: Page;
	close(): Promise<void>;
}

// Shared through globalThis, so the failure hook finds the page whichever way mocha loaded us.
const pages = ((globalThis as { footprintE2ePages?: Set<Page> }).footprintE2ePages ??= new Set());

/**
 * Polls `probe` until it returns something other than `undefined`, `false` or `null`, and resolves
 * to that; rejects with `what` when `timeoutMs` passes first.
 */
export async function poll<T>(
	probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
	what: string,
	timeoutMs = 30_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await probe();
			if (value !== undefined && value !== null && value !== false) {
				return value;
			}
		} catch (error) {
			lastError = error;
		}

		if (Date.now() > deadline) {
			const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
		}

		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** Opens the workbench on the test workspace and waits until it is ready for input. */
export async function openWorkbench(folder = workspaceFolder): Promise<Workbench> {
	if (!serverUrl) {
		throw new Error('FOOTPRINT_E2E_URL is not set: run these tests through scripts/editor/e2e.mjs');
	}

	const browser = await chromium.launch({
		executablePath: process.env.FOOTPRINT_CHROMIUM || '/usr/bin/chromium',
		args: chromiumArgs,
	});
	const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
	pages.add(page);
	const query = folder ? `?folder=${encodeURIComponent(folder)}` : '';
	await page.goto(`${serverUrl}/${query}`);
	await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
	// The activity bar is drawn once the extensions' contributions are known.
	await page.locator('.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
	return {
		browser,
		page,
		async close() {
			pages.delete(page);
			await browser.close();
		},
	};
}

/** The quick-input box (command palette, quick open), once visible. */
function quickInput(page: Page): Locator {
	return page.locator('.quick-input-widget .quick-input-box input');
}

/**
 * Runs a command through the command palette by its title as shown there, e.g.
 * `Footprint: Show Footprint`; waits until the palette offers exactly that entry.
 */
export async function runCommand(page: Page, title: string): Promise<void> {
	await page.keyboard.press('F1');
	const input = quickInput(page);
	await input.waitFor({ state: 'visible' });
	await input.fill(`>${title}`);
	const entry = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
	await entry.waitFor({ state: 'visible', timeout: 15_000 });
	await entry.click();
	// Done when the palette closed, or when the command reused it for its own question.
	await poll(
		async () => !(await input.isVisible()) || (await input.inputValue()) !== `>${title}`,
		`the palette to take "${title}"`,
	);
}

/** Opens a workspace file through Quick Open and waits until its editor tab is active. */
export async function openFile(page: Page, relativePath: string): Promise<void> {
	const name = relativePath.split('/').pop() ?? relativePath;
	// The palette without its `>` prefix is Quick Open.
	await page.keyboard.press('F1');
	const input = quickInput(page);
	await input.waitFor({ state: 'visible' });
	await input.fill(relativePath);
	const entry = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
	await entry.waitFor({ state: 'visible', timeout: 15_000 });
	await page.keyboard.press('Enter');
	await page
		.locator('.tabs-container .tab.active', { hasText: name })
		.waitFor({ state: 'visible', timeout: 15_000 });
}

/** The text of the active editor, with the non-breaking spaces the editor renders made plain. */
export async function editorText(page: Page): Promise<string> {
	const lines = page.locator('.editor-instance .monaco-editor .view-lines').first();
	return (await lines.innerText()).replace(/\u00a0/g, ' ');
}

/** Clicks the Footprint activity-bar icon and resolves to the opened container. */
export async function openFootprint(page: Page): Promise<Locator> {
	const container = page.locator(`[id="workbench.view.extension.${containerId}"]`);
	if (!(await container.isVisible())) {
		await page.locator('.activitybar a.action-label[aria-label^="Footprint"]').first().click();
	}

	await container.waitFor({ state: 'visible', timeout: 15_000 });
	return container;
}

/** The titles of the views shown in the Footprint container, in order. */
export async function viewTitles(page: Page): Promise<string[]> {
	const container = await openFootprint(page);
	const titles = await container.locator('.pane-header h3.title').allInnerTexts();
	return titles.map((title) => title.trim());
}

/** The pane of one view in the Footprint container, expanded. */
export async function viewPane(page: Page, viewTitle: string): Promise<Locator> {
	const container = await openFootprint(page);
	const pane = container.locator('.pane', {
		has: page.locator('.pane-header h3.title', { hasText: new RegExp(`^${viewTitle}$`, 'i') }),
	});
	const header = pane.locator('.pane-header').first();
	if ((await header.getAttribute('aria-expanded')) === 'false') {
		await header.click();
	}

	return pane;
}

/** The visible rows of a view's tree, each as its accessible label (falls back to its text). */
export async function treeRows(page: Page, viewTitle: string): Promise<string[]> {
	const pane = await viewPane(page, viewTitle);
	const rows = pane.locator('.pane-body .monaco-list-row');
	const labels: string[] = [];
	for (const row of await rows.all()) {
		labels.push((await row.getAttribute('aria-label')) ?? (await row.innerText()));
	}

	return labels;
}

/** A status bar item contributed by Footprint, by its item id; undefined while it is not shown. */
export async function statusBarItem(
	page: Page,
	itemId: string,
): Promise<{ text: string; tooltip: string } | undefined> {
	const item = page.locator(`[id="${extensionId}.${itemId}"]`);
	if ((await item.count()) === 0 || !(await item.first().isVisible())) {
		return undefined;
	}

	return {
		text: (await item.first().innerText()).trim(),
		tooltip: (await item.first().getAttribute('aria-label')) ?? '',
	};
}

/**
 * Waits (up to a few seconds, never failing) until no view shows its busy bar, and moves the mouse
 * off any hover, so a screenshot shows the settled state.
 */
export async function settle(page: Page): Promise<void> {
	await page.mouse.move(700, 890);
	const busy = page.locator('.monaco-progress-container.active:visible');
	await poll(async () => (await busy.count()) === 0, 'progress bars to finish', 5_000).catch(
		() => undefined,
	);
}

/** Saves a PNG of the page as docs/screenshots/NAME.png (the README shows these) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
	const folder = join(root, 'docs', 'screenshots');
	mkdirSync(folder, { recursive: true });
	const path = join(folder, `${name}.png`);
	await settle(page);
	await page.screenshot({ path });
	return path;
}

/** Root hooks (mocha `--require`): a screenshot of each open page when a test fails. */
export const mochaHooks = {
	async afterEach(this: Mocha.Context): Promise<void> {
		const test = this.currentTest;
		if (test?.state !== 'failed') {
			return;
		}

		const folder = join(root, '.test-results');
		mkdirSync(folder, { recursive: true });
		const base = test
			.fullTitle()
			.replace(/[^A-Za-z0-9]+/g, '-')
			.slice(0, 100);
		let index = 0;
		for (const page of pages) {
			const path = join(folder, `${base}${index++ > 0 ? `-${index}` : ''}.png`);
			await page.screenshot({ path }).catch(() => undefined);
			console.log(`      screenshot of the failure: ${path}`);
		}
	},
};
