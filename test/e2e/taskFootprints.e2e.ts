// What a person sees of task footprints: the status bar readout and its tooltip, a task and a
// terminal command turning into rows of the Tasks view, and the history code lens on a script.
// Runs after smoke.e2e.ts (file order), which expects an empty history.
import * as assert from 'node:assert';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
	openFile,
	openWorkbench,
	poll,
	runCommand,
	screenshot,
	statusBarItem,
	treeRows,
	type Workbench,
} from './workbench';

const statusItemId = 'footprint.status';

/** Hovers an element, waits for the workbench hover, and saves the page as docs/screenshots/NAME.png. */
async function screenshotWithHover(page: Page, selector: string, name: string): Promise<void> {
	await page.locator(selector).first().hover();
	await page
		.locator('.monaco-hover, .workbench-hover')
		.first()
		.waitFor({ state: 'visible', timeout: 10_000 })
		.catch(() => undefined);
	const folder = join(__dirname, '..', '..', 'docs', 'screenshots');
	mkdirSync(folder, { recursive: true });
	await page.screenshot({ path: join(folder, `${name}.png`) });
}

suite('Task footprints in the browser workbench', () => {
	let workbench: Workbench;

	suiteSetup(async () => {
		workbench = await openWorkbench();
	});

	suiteTeardown(async () => {
		await workbench?.close();
	});

	test('the status bar shows live power, session energy and carbon, with a spoken label', async () => {
		const item = await poll(
			async () => {
				const shown = await statusBarItem(workbench.page, statusItemId);
				return shown && /^⚡ [\d.]+ W · [\d.]+ m?Wh · [\d.]+ (mg|g|kg)CO2e$/.test(shown.text)
					? shown
					: undefined;
			},
			'a sampled status bar readout',
			60_000,
		);
		assert.match(item.tooltip, /Footprint: machine power [\d.]+ W, this session/);
		await screenshotWithHover(
			workbench.page,
			`[id="footprint-dev.footprint.${statusItemId}"]`,
			'statusbar',
		);
	});

	test('running a task adds its row to the Tasks view', async function () {
		this.timeout(180_000);
		await runCommand(workbench.page, 'Tasks: Run Task');
		const entry = workbench.page
			.locator('.quick-input-list .monaco-list-row', { hasText: 'Burn CPU' })
			.first();
		await entry.waitFor({ state: 'visible', timeout: 30_000 });
		await workbench.page.keyboard.type('Burn CPU');
		await workbench.page
			.locator('.quick-input-list .monaco-list-row.focused', { hasText: /^Burn CPU/ })
			.first()
			.waitFor({ state: 'visible', timeout: 15_000 })
			.catch(() => undefined);
		await workbench.page.keyboard.press('Enter');

		await runCommand(workbench.page, 'Footprint: Show Footprint');
		const rows = await poll(
			async () => {
				const labels = await treeRows(workbench.page, 'Tasks');
				return labels.some((label) => label.startsWith('Burn CPU')) ? labels : undefined;
			},
			'a Burn CPU row in the Tasks view',
			120_000,
		);
		assert.ok(
			rows.some((label) => /^Today/.test(label)),
			`a Today group: ${rows.join(' | ')}`,
		);
		const row = rows.find((label) => label.startsWith('Burn CPU')) ?? '';
		assert.match(row, /succeeded, (\d+ ms|[\d.]+s) · [\d.]+ m?Wh · [\d.]+ (mg|g)CO2e/);
	});

	test('a command typed in the terminal adds its row to the Tasks view', async function () {
		this.timeout(180_000);
		await runCommand(workbench.page, 'Terminal: Create New Terminal');
		const terminal = workbench.page.locator('.terminal-wrapper .xterm').first();
		await terminal.waitFor({ state: 'visible', timeout: 30_000 });
		// The prompt's gutter mark appears once shell integration runs: type only then, as a person
		// would after seeing the prompt (keys typed ahead reach the editor's events late).
		await workbench.page
			.locator('.terminal-wrapper .terminal-command-decoration')
			.first()
			.waitFor({ state: 'visible', timeout: 30_000 });
		await terminal.click();
		await workbench.page.keyboard.type('node burn.js 1');
		await workbench.page.keyboard.press('Enter');

		const rows = await poll(
			async () => {
				// The list redraws row by row: wait for a consistent picture (the day's total too).
				const labels = await treeRows(workbench.page, 'Tasks');
				const complete =
					labels.some((label) => label.startsWith('Today, 2 tasks')) &&
					labels.some((label) => label.startsWith('Burn CPU')) &&
					labels.some((label) => label.startsWith('node burn.js 1'));
				return complete ? labels : undefined;
			},
			'Today with the task and the terminal command',
			120_000,
		);
		const row = rows.find((label) => label.startsWith('node burn.js 1')) ?? '';
		const seconds = Number(/succeeded, ([\d.]+)s ·/.exec(row)?.[1]);
		assert.ok(seconds >= 0.9 && seconds < 10, `a one-second command took ${seconds} s: ${row}`);
		await screenshot(workbench.page, 'tasks-view');
	});

	test('a script that was run shows its history code lens', async function () {
		this.timeout(120_000);
		await openFile(workbench.page, 'burn.js');
		const lens = workbench.page.locator('.monaco-editor .codelens-decoration a', {
			hasText: 'Last run',
		});
		// A lens can be in the page before its line is laid out, and then reads as empty text:
		// wait until the title a person would see is there.
		const title = await poll(
			async () => {
				if ((await lens.count()) === 0) {
					return undefined;
				}
				const shown = ((await lens.first().textContent()) ?? '').replace(/\u00a0/g, ' ').trim();
				return shown.startsWith('Last run') ? shown : undefined;
			},
			'the history code lens on burn.js',
			60_000,
		);
		assert.match(
			title,
			/^Last run (\d+ ms|[\d.]+s|\d+m \d+s) · [\d.]+ m?Wh · [\d.]+ (mg|g)CO2e \(\d+ runs?\)$/,
		);
		await screenshot(workbench.page, 'history-codelens');
	});
});
