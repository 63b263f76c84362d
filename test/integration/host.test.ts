import * as assert from 'node:assert';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { runInTerminal, runTask, workspacePath } from './helpers';

// What the editor itself must do for Footprint to measure anything: these pass in any VS Code with
// tasks and shell integration, so a failure here is the harness's, not a feature's.
suite('The editor the tests run in', () => {
	test('runs a workspace task and reports its process and exit code', async () => {
		const outcome = await runTask('Burn CPU');
		assert.strictEqual(outcome.exitCode, 0);
		assert.ok(outcome.processId && outcome.processId > 0, 'the task reported no process id');
	});

	test('reports a terminal command through shell integration', async () => {
		const marker = workspacePath('terminal-ran.txt');
		const outcome = await runInTerminal(`sh burn.sh 1 > terminal-ran.txt`);
		try {
			assert.strictEqual(outcome.exitCode, 0);
			assert.match(outcome.commandLine, /burn\.sh 1/);
			assert.ok(existsSync(marker), 'the command did not run in the workspace folder');
		} finally {
			outcome.terminal.dispose();
		}
	});

	test('has shell integration turned on in the profile', () => {
		const enabled = vscode.workspace
			.getConfiguration('terminal.integrated')
			.get<boolean>('shellIntegration.enabled');
		assert.strictEqual(enabled, true);
	});
});
