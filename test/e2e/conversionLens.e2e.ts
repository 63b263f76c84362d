import * as assert from 'node:assert';
import {
	openFile,
	openFootprint,
	openWorkbench,
	poll,
	screenshot,
	treeRows,
	type Workbench,
} from './workbench';

suite('Conversion warnings in the browser workbench', () => {
	let workbench: Workbench;

	suiteSetup(async () => {
		workbench = await openWorkbench();
	});

	suiteTeardown(async () => {
		await workbench?.close();
	});

	test('the code lens with real numbers is visible above the writing line of a script', async () => {
		await openFile(workbench.page, 'export_elements.js');
		const lenses = workbench.page.locator('.monaco-editor .codelens-decoration a');
		const title = await poll(async () => {
			for (const text of await lenses.allInnerTexts()) {
				const plain = text.replace(/\u00a0/g, ' ');
				if (
					plain.startsWith('JSON→CSV · data/periodicTable.json') &&
					plain.includes('while both kept')
				) {
					return plain;
				}
			}

			return undefined;
		}, 'the JSON→CSV code lens with numbers');

		assert.match(title, /Node ≈ .* · Greener options…$/);
		// The hint is an `after` decoration: injected text in recent editors, CSS content in older ones.
		const hintShown = () =>
			workbench.page.evaluate(() =>
				Array.from(document.querySelectorAll('.monaco-editor .view-lines span')).some(
					(element) =>
						(element.textContent ?? '').includes('JSON→CSV +') ||
						getComputedStyle(element, '::after').content.includes('JSON→CSV +'),
				),
			);
		await poll(
			async () => (await hintShown()) || undefined,
			'the inline hint at the end of the line',
		);
		await screenshot(workbench.page, 'codelens');
	});

	test('the Alternatives view lists the greener options for the active script', async () => {
		await openFootprint(workbench.page);
		const rows = await poll(async () => {
			const shown = await treeRows(workbench.page, 'Alternatives');
			return shown.some((row) => row.startsWith('Keep the JSON and open it as a table'))
				? shown
				: undefined;
		}, 'greener options in the Alternatives view');

		for (const option of [
			'Write Parquet instead',
			'Write compressed CSV (.csv.gz)',
			'Delete the CSV when done',
		]) {
			assert.ok(
				rows.some((row) => row.startsWith(option)),
				`${option} in ${rows.join(' | ')}`,
			);
		}

		await screenshot(workbench.page, 'alternatives');
	});
});
