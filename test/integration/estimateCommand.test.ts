import * as assert from 'node:assert';
import { statSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { formatBytes } from '../../src/core/format';
import { activeExtension, workspacePath } from './helpers';

suite('Estimate Conversion of This File in a real VS Code', () => {
	suiteSetup(async () => {
		await activeExtension();
	});

	teardown(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	test('estimates a real JSON file to CSV and shows the report in an editor', async () => {
		const file = workspacePath('data', 'periodicTable.json');
		const report = await vscode.commands.executeCommand<string | undefined>(
			'footprint.estimateConversion',
			vscode.Uri.file(file),
			'csv',
		);

		assert.ok(report, 'the command returned no report');
		assert.ok(report.includes(`${formatBytes(statSync(file).size)} → CSV`), report);
		assert.match(report, /predicted\s+\S+ \S*B \(/);
		assert.match(report, /convention\s+nested objects flattened/);
		assert.match(report, /pandas\s+≈ .*peak/);
		const shown = vscode.window.activeTextEditor?.document.getText() ?? '';
		assert.strictEqual(shown, report);
	});

	test('a binary file with a .json name gets a clear message and no report', async () => {
		const file = workspacePath('data', 'not-really.json');
		writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
		const report = await vscode.commands.executeCommand<string | undefined>(
			'footprint.estimateConversion',
			vscode.Uri.file(file),
			'csv',
		);

		assert.strictEqual(report, undefined);
	});
});
