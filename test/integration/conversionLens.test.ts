import * as assert from 'node:assert';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { formatBytes } from '../../src/core/format';
import { activeExtension, waitFor, workspacePath } from './helpers';

/** Code lens titles of a workspace file, once no lens is still estimating. */
async function settledLensTitles(relativePath: string, expected: number): Promise<string[]> {
	const uri = vscode.Uri.file(workspacePath(relativePath));
	await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
	return waitFor(async () => {
		const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
			'vscode.executeCodeLensProvider',
			uri,
		);
		const titles = (lenses ?? [])
			.map((lens) => lens.command?.title ?? '')
			.filter((title) => !title.includes('Footprint'));
		const estimating = (lenses ?? []).some((lens) => lens.command?.title.includes('estimating'));
		return !estimating && titles.length === expected ? titles : undefined;
	}, `${expected} settled conversion lens(es) on ${relativePath}`);
}

suite('Conversion code lenses in a real VS Code', () => {
	suiteSetup(async () => {
		await activeExtension();
	});

	test('a pandas read_json → to_csv script shows the real file size, converter cost and carbon', async () => {
		const [title] = await settledLensTitles('convert.py', 1);
		const size = formatBytes(statSync(workspacePath('data', 'events.json')).size);

		assert.ok(title.startsWith(`JSON→CSV · data/events.json ${size} → ≈`), title);
		assert.match(
			title,
			/CSV \(.* while both kept\) · pandas ≈ .* MiB · ≈ .*CO2e per run · Greener options…$/,
		);
	});

	test('json2csv in JavaScript and jq in a shell script on a real dataset', async () => {
		const [javascript] = await settledLensTitles('export_elements.js', 1);
		const [shell] = await settledLensTitles('export_elements.sh', 1);
		const size = formatBytes(statSync(workspacePath('data', 'periodicTable.json')).size);

		assert.ok(javascript.startsWith(`JSON→CSV · data/periodicTable.json ${size} → ≈`), javascript);
		assert.match(javascript, / · Node ≈ /);
		assert.ok(shell.startsWith(`JSON→TSV · data/periodicTable.json ${size} → ≈`), shell);
		assert.match(shell, / · jq ≈ /);
	});

	test('when the data file changes, the lens follows its new size', async () => {
		const file = workspacePath('data', 'events.json');
		const records = JSON.parse(readFileSync(file, 'utf8')) as unknown[];
		writeFileSync(file, JSON.stringify([...records, ...records, ...records, ...records], null, 2));
		const size = formatBytes(statSync(file).size);
		const uri = vscode.Uri.file(workspacePath('convert.py'));

		const title = await waitFor(async () => {
			const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
				'vscode.executeCodeLensProvider',
				uri,
			);
			const shown = lenses?.[0]?.command?.title ?? '';
			return shown.startsWith(`JSON→CSV · data/events.json ${size} → ≈`) ? shown : undefined;
		}, `the lens to show the new size ${size}`);
		assert.match(title, /while both kept/);
	});

	test('a missing input still warns with per-megabyte figures and the reason', async () => {
		const [title] = await settledLensTitles('convert_later.py', 1);

		assert.match(
			title,
			/^JSON→CSV · per MB of input: pandas ≈ .* \(data\/orders\.json not found\) · Greener options…$/,
		);
	});

	test('code that only mentions a conversion, or writes an unrelated frame, has no lens', async () => {
		const uri = vscode.Uri.file(workspacePath('not_a_conversion.py'));
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
		const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
			'vscode.executeCodeLensProvider',
			uri,
		);

		assert.deepStrictEqual(
			(lenses ?? []).map((lens) => lens.command?.title),
			[],
		);
	});

	test('the lens runs the alternatives command, and turning the setting off removes it', async () => {
		const uri = vscode.Uri.file(workspacePath('convert.py'));
		const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
			'vscode.executeCodeLensProvider',
			uri,
		);
		assert.strictEqual(lenses?.[0]?.command?.command, 'footprint.showAlternatives');

		const settings = vscode.workspace.getConfiguration('footprint');
		await settings.update('codeLens.enabled', false, vscode.ConfigurationTarget.Workspace);
		try {
			await waitFor(async () => {
				const now = await vscode.commands.executeCommand<vscode.CodeLens[]>(
					'vscode.executeCodeLensProvider',
					uri,
				);
				return (now ?? []).length === 0;
			}, 'no lenses with footprint.codeLens.enabled off');
		} finally {
			await settings.update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Workspace);
		}
	});
});
