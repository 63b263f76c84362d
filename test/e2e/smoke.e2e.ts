import * as assert from 'node:assert';
import {
	editorText,
	openFile,
	openFootprint,
	openWorkbench,
	poll,
	runCommand,
	screenshot,
	viewPane,
	viewTitles,
	type Workbench,
} from './workbench';

suite('Footprint in the browser workbench', () => {
	let workbench: Workbench;

	suiteSetup(async () => {
		workbench = await openWorkbench();
	});

	suiteTeardown(async () => {
		await workbench?.close();
	});

	test('the installed extension adds its icon to the activity bar', async () => {
		const icon = workbench.page.locator('.activitybar a.action-label[aria-label^="Footprint"]');
		await poll(
			async () => (await icon.count()) > 0 && icon.first().isVisible(),
			'the Footprint icon',
		);
	});

	test('the Footprint container shows the Tasks, Data and Alternatives views', async () => {
		await openFootprint(workbench.page);
		const titles = await poll(async () => {
			const shown = await viewTitles(workbench.page);
			return shown.length >= 3 ? shown : undefined;
		}, 'three views in the Footprint container');
		assert.deepStrictEqual(
			titles.map((title) => title.toLowerCase()),
			['tasks', 'data', 'alternatives'],
		);
		await screenshot(workbench.page, 'sidebar');
	});

	test('an empty history shows the Tasks welcome text', async () => {
		const pane = await viewPane(workbench.page, 'Tasks');
		await poll(
			async () => (await pane.innerText()).includes('No tasks measured yet.'),
			'the Tasks welcome text',
		);
	});

	test('a workspace file opens through Quick Open', async () => {
		await openFile(workbench.page, 'burn.js');
		const text = await poll(async () => {
			const shown = await editorText(workbench.page);
			return shown.includes('createHash') ? shown : undefined;
		}, 'the text of burn.js in the editor');
		assert.match(text, /Keeps one core busy/);
	});

	test('a command runs from the palette by its title', async () => {
		await runCommand(workbench.page, 'View: Show Explorer');
		await workbench.page
			.locator('[id="workbench.view.explorer"]')
			.waitFor({ state: 'visible', timeout: 15_000 });
	});
});
