import * as assert from 'node:assert';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import {
	openWorkbench,
	poll,
	screenshot,
	treeRows,
	viewPane,
	workspaceFolder,
	type Workbench,
} from './workbench';

/** A file name and content built to run script if anything rendered them as HTML. */
const hostileName = '<img src=x onerror=alert(1)>.json';
const hostileKey = "<script>alert('key')</script>";
const hostileValue = '<img src=x onerror=alert(2)>';

/** The frame of the Open as Table webview once its table has rows. */
async function tableFrame(page: Page, fileName: string): Promise<Frame> {
	return poll(async () => {
		for (const frame of page.frames()) {
			const title = frame.locator('#root .title');
			if ((await title.count()) > 0 && (await title.first().textContent()) === fileName) {
				if ((await frame.locator('#root .body .row').count()) > 0) {
					return frame;
				}
			}
		}

		return undefined;
	}, `the table of ${fileName}`);
}

async function clickDataRow(page: Page, name: string): Promise<void> {
	const pane = await viewPane(page, 'Data');
	const row = pane.locator('.pane-body .monaco-list-row', { hasText: name }).first();
	await row.waitFor({ state: 'visible', timeout: 30_000 });
	await row.click();
}

/** Drags the sidebar's edge to the right so the descriptions show whole in the screenshot. */
async function widenSidebar(page: Page): Promise<void> {
	const box = await page.locator('[id="workbench.parts.sidebar"]').boundingBox();
	if (!box) {
		return;
	}

	const edge = box.x + box.width + 1;
	await page.mouse.move(edge, box.y + box.height / 2);
	await page.mouse.down();
	await page.mouse.move(edge + 420, box.y + box.height / 2, { steps: 5 });
	await page.mouse.up();
}

suite('Data view and Open as Table in the browser', () => {
	let workbench: Workbench;
	const dialogs: string[] = [];

	suiteSetup(async () => {
		workbench = await openWorkbench();
		workbench.page.on('dialog', (dialog) => {
			dialogs.push(dialog.message());
			void dialog.dismiss();
		});
	});

	suiteTeardown(async () => {
		await workbench?.close();
		await rm(join(workspaceFolder, 'data', hostileName), { force: true });
	});

	test('the Data view shows the workspace data files with their footprint', async () => {
		const rows = await poll(async () => {
			const shown = await treeRows(workbench.page, 'Data');
			return shown.some((row) => row.includes('customers.json')) ? shown : undefined;
		}, 'a customers.json row in the Data view');
		assert.ok(
			rows.some((row) => row.includes('events.json')),
			rows.join('\n'),
		);
		const pane = await viewPane(workbench.page, 'Data');
		await poll(
			async () => /3 records/.test(await pane.innerText()),
			'the records estimate beside customers.json',
		);
		await widenSidebar(workbench.page);
		await screenshot(workbench.page, 'data-view');
	});

	test('Open as Table shows a hostile file name, keys and values as text', async () => {
		// Written while the editor runs: the Data view's watcher picks it up.
		await writeFile(
			join(workspaceFolder, 'data', hostileName),
			JSON.stringify([
				{ [hostileKey]: hostileValue, plain: '<b>bold</b>' },
				{ [hostileKey]: 'second', plain: '"quoted" & <i>' },
			]),
		);
		await clickDataRow(workbench.page, 'onerror=alert(1)');
		const frame = await tableFrame(workbench.page, hostileName);
		const headers = await frame.locator('#root .row.head .cell').allTextContents();
		assert.ok(headers.includes(hostileKey), headers.join(' | '));
		const cells = await frame.locator('#root .body .cell').allTextContents();
		assert.ok(cells.includes(hostileValue), cells.join(' | '));
		assert.ok(cells.includes('<b>bold</b>'));
		assert.strictEqual(await frame.locator('#root img, #root script, #root b, #root i').count(), 0);
		assert.deepStrictEqual(dialogs, [], 'no script from the file ran');
		const evaluated = await frame.evaluate(
			() => (window as { alerted?: boolean }).alerted === undefined,
		);
		assert.strictEqual(evaluated, true);
	});

	test('Open as Table streams a JSON file into a sortable table', async () => {
		await clickDataRow(workbench.page, 'events.json');
		const frame = await tableFrame(workbench.page, 'events.json');
		const headers = await frame.locator('#root .row.head .cell').allTextContents();
		assert.ok(headers.includes('user.name'), headers.join(' | '));
		assert.match(
			(await frame.locator('#root .status').textContent()) ?? '',
			/rows loaded \(whole file\)/,
		);
		// The id column comes first; its header gains a sort arrow once clicked.
		const idHeader = frame.locator('#root .row.head .cell').first();
		await idHeader.click();
		await idHeader.click();
		assert.strictEqual(await idHeader.getAttribute('aria-sort'), 'descending');
		const firstId = await frame
			.locator('#root .body .row')
			.first()
			.locator('.cell')
			.first()
			.textContent();
		const ids = (await frame
			.locator('#root .body .row')
			.evaluateAll((rows) =>
				rows.map((row) => Number(row.firstElementChild?.textContent)),
			)) as number[];
		assert.strictEqual(
			Number(firstId),
			Math.max(...ids),
			'descending sort puts the largest id first',
		);
		await screenshot(workbench.page, 'table');
	});
});
