import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activeExtension, extensionId } from './helpers';

interface Manifest {
	contributes: { commands: { command: string }[] };
}

suite('Extension in a real VS Code', () => {
	test('activates without error', async () => {
		const extension = vscode.extensions.getExtension(extensionId);
		assert.ok(extension, `${extensionId} is not loaded in this extension host`);
		await extension.activate();
		assert.strictEqual(extension.isActive, true);
	});

	test('opens the fixture workspace', () => {
		const folders = vscode.workspace.workspaceFolders ?? [];
		assert.strictEqual(folders.length, 1);
		assert.strictEqual(folders[0].uri.fsPath, process.env.FOOTPRINT_TEST_WORKSPACE);
	});

	test('registers every command contributed in package.json', async () => {
		const extension = await activeExtension();
		const manifest = extension.packageJSON as Manifest;
		const registered = new Set(await vscode.commands.getCommands(true));
		const missing = manifest.contributes.commands
			.map((contribution) => contribution.command)
			.filter((command) => !registered.has(command));
		assert.deepStrictEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
	});
});
