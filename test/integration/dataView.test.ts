import * as assert from 'node:assert';
import { rm, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { DataViewSnapshot } from '../../src/views/dataView';
import { activeExtension, waitFor, workspacePath } from './helpers';

function snapshot(relist = true): Thenable<DataViewSnapshot> {
	return vscode.commands.executeCommand<DataViewSnapshot>('footprint.refreshData', { relist });
}

suite('Data view', () => {
	suiteSetup(async () => {
		await activeExtension();
	});

	test('lists the workspace data files with size, format, records and storage footprint', async () => {
		const view = await snapshot();
		const customers = view.files.find((file) => file.path === 'data/customers.json');
		assert.ok(customers, `rows: ${view.files.map((file) => file.path).join(', ')}`);
		assert.strictEqual(customers.label, 'customers.json');
		assert.match(
			customers.description,
			/^\d+ B · JSON · 3 records · [\d.]+ [mk]?Wh, [\d.]+ [mk]?gCO2e\/yr$/,
		);
		assert.match(customers.contextValue, /\btableable\b/);
		assert.match(customers.tooltip, /SSD 1\.2 Wh per TB-hour \(Cloud Carbon Footprint\)/);
		assert.match(customers.tooltip, /customer\.email: email addresses/);
		assert.match(customers.tooltip, /customer\.firstName: people's names/);
		assert.ok(view.files.some((file) => file.path === 'data/events.json'));
		assert.ok(
			!view.files.some((file) => file.path.includes('.vscode')),
			'tool configuration is not data',
		);
	});

	test('a CSV written beside a JSON file appears as a conversion event', async () => {
		const csv = workspacePath('data', 'customers.csv');
		await writeFile(
			csv,
			'id,customer.email,customer.firstName,plan,seats\n101,ada@example.org,Ada,pro,4\n',
		);
		try {
			const event = await waitFor(
				async () =>
					(await snapshot(false)).events.find(
						(row) => row.label === 'customers.json → customers.csv',
					),
				'a conversion event for customers.csv',
			);
			assert.match(event.description, /^JSON \d+ B → CSV \d+ B · \d+ B held while both are kept/);
			assert.match(event.tooltip, /same name as customers\.json in the same folder/);
			const view = await snapshot(false);
			assert.ok(view.files.some((file) => file.path === 'data/customers.csv'));
		} finally {
			await rm(csv, { force: true });
		}
	});

	test('Open as Table opens a webview panel for a JSON file', async () => {
		const uri = vscode.Uri.file(workspacePath('data', 'events.json'));
		const panel = await vscode.commands.executeCommand<vscode.WebviewPanel | undefined>(
			'footprint.openAsTable',
			uri,
		);
		assert.ok(panel, 'no panel was opened');
		try {
			assert.strictEqual(panel.viewType, 'footprint.table');
			assert.strictEqual(panel.title, 'Table: events.json');
			assert.match(panel.webview.html, /default-src 'none'; script-src 'nonce-[^']+'; style-src /);
		} finally {
			panel.dispose();
		}
	});
});
