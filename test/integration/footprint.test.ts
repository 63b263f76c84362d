import * as assert from 'node:assert';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FootprintTestApi } from '../../src/extension';
import type { FootprintRecord } from '../../src/core/record';
import { HistoryStore } from '../../src/history/store';

const extensionId = 'footprint-dev.footprint';

async function api(): Promise<FootprintTestApi> {
	const extension = vscode.extensions.getExtension<FootprintTestApi>(extensionId);
	assert.ok(extension, `${extensionId} is not loaded`);
	const exports = await extension.activate();
	await exports.ready();
	return exports;
}

function workspaceFolder(): vscode.WorkspaceFolder {
	const folder = vscode.workspace.workspaceFolders?.[0];
	assert.ok(folder, 'the fixture workspace is open');
	return folder;
}

/** Polls `condition` until it holds or the deadline passes (no fixed sleeps). */
async function until<T>(
	what: string,
	condition: () => T | undefined | false,
	timeoutMs = 20_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = condition();
		if (value) {
			return value;
		}

		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}`);
		}

		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** Resolves with the next record whose origin matches, ignoring others. */
async function nextRecordOf(
	footprint: FootprintTestApi,
	origin: FootprintRecord['origin'],
): Promise<FootprintRecord> {
	for (;;) {
		const record = await footprint.nextRecord();
		if (record.origin === origin) {
			return record;
		}
	}
}

/** Parses POSIX `times` output: two lines of `XmY.YYYs XmY.YYYs` (shell, then children). */
function secondsOfTimes(text: string): number {
	let total = 0;
	for (const [, minutes, seconds] of text.matchAll(/(\d+)m([\d.]+)s/g)) {
		total += Number(minutes) * 60 + Number(seconds);
	}

	return total;
}

/** A shell task that keeps gzip children busy for a few seconds and writes `times` at the end. */
function burnTask(name: string, timesFile: string, rounds: number): vscode.Task {
	const script =
		`i=0; while [ $i -lt ${rounds} ]; do head -c 20000000 /dev/urandom | gzip -1 > /dev/null; i=$((i+1)); done; ` +
		`times > '${timesFile}'`;
	return new vscode.Task(
		{ type: 'shell', footprintTest: name },
		workspaceFolder(),
		name,
		'footprint-test',
		new vscode.ShellExecution('sh', ['-c', script]),
		[],
	);
}

suite('Footprint in a real extension host', () => {
	test('every Footprint task command is registered', async () => {
		await api();
		const registered = new Set(await vscode.commands.getCommands(true));
		for (const id of [
			'footprint.showSidebar',
			'footprint.showMachine',
			'footprint.forgetHistory',
			'footprint.exportHistory',
			'footprint.copyEntryAsJson',
			'footprint.rerunEntry',
			'footprint.deleteEntry',
			'footprint.showRunsOfScript',
		]) {
			assert.ok(registered.has(id), `${id} is registered`);
		}
	});

	test('a CPU-burning task lands in history with CPU seconds within 5 % of the OS accounting', async function () {
		this.timeout(120_000);
		const footprint = await api();
		const timesFile = path.join(workspaceFolder().uri.fsPath, 'burn-times.txt');
		await fs.rm(timesFile, { force: true });

		const recorded = nextRecordOf(footprint, 'task');
		await vscode.tasks.executeTask(burnTask('Footprint burn', timesFile, 6));
		const record = await recorded;

		const osSeconds = secondsOfTimes(await fs.readFile(timesFile, 'utf8'));
		assert.ok(osSeconds > 1, `the task burned ${osSeconds} CPU seconds`);
		const error = Math.abs(record.cpuSeconds - osSeconds) / osSeconds;
		console.log(
			`      task: ${record.cpuSeconds.toFixed(3)} CPU s recorded, ${osSeconds.toFixed(3)} s by times, ${record.durationSeconds.toFixed(1)} s wall, ${record.energyWh.toFixed(4)} Wh`,
		);
		assert.ok(
			error <= 0.05,
			`recorded ${record.cpuSeconds.toFixed(3)} CPU s, the shell's times say ${osSeconds.toFixed(3)} s (${(error * 100).toFixed(1)} % off)`,
		);
		assert.strictEqual(record.label, 'Footprint burn');
		assert.strictEqual(record.exitCode, 0);
		assert.ok(record.energyWh > 0, 'energy is positive');
		assert.ok(record.co2eGrams > 0, 'carbon is positive');

		const store = await footprint.history();
		assert.ok(store.get(record.id), 'the record is in the history');
		const onDisk = await fs.readFile(store.file, 'utf8');
		assert.ok(onDisk.includes(record.id), 'the record is in the history file');
	});

	test('a terminal command run through shell integration lands in history', async function () {
		this.timeout(90_000);
		const footprint = await api();
		const terminal = vscode.window.createTerminal({
			name: 'Footprint test',
			cwd: workspaceFolder().uri,
			shellPath: '/bin/bash',
		});
		try {
			const integration =
				terminal.shellIntegration ??
				(await new Promise<vscode.TerminalShellIntegration>((resolve, reject) => {
					const timer = setTimeout(
						() => reject(new Error('shell integration did not start')),
						30_000,
					);
					const subscription = vscode.window.onDidChangeTerminalShellIntegration((event) => {
						if (event.terminal === terminal) {
							clearTimeout(timer);
							subscription.dispose();
							resolve(event.shellIntegration);
						}
					});
				}));
			const recorded = nextRecordOf(footprint, 'terminal');
			const command = 'node burn.js 1';
			integration.executeCommand(command);
			const record = await recorded;
			assert.strictEqual(record.command, command);
			assert.strictEqual(record.exitCode, 0);
			assert.strictEqual(record.cwd, workspaceFolder().uri.fsPath);
			assert.ok(
				record.durationSeconds >= 0.9,
				`a one-second command took ${record.durationSeconds} s`,
			);
			assert.ok(record.cpuSeconds > 0.5, `recorded ${record.cpuSeconds} CPU s for a 1 s burn`);
			assert.ok(record.cpuSeconds < 1.6, `recorded ${record.cpuSeconds} CPU s for a 1 s burn`);
		} finally {
			terminal.dispose();
		}
	});

	test('settings apply without a reload: status bar text and grid intensity', async function () {
		this.timeout(120_000);
		const footprint = await api();
		const configuration = vscode.workspace.getConfiguration('footprint');
		try {
			await configuration.update('statusBar.show', 'power', vscode.ConfigurationTarget.Global);
			await until('a power-only readout', () => /^⚡ [\d.]+ W$/.test(footprint.statusText()));
			await configuration.update('statusBar.show', 'carbon', vscode.ConfigurationTarget.Global);
			await until('a carbon-only readout', () =>
				/^⚡ [\d.]+ (mg|g|kg)CO2e$/.test(footprint.statusText()),
			);

			await configuration.update('grid.intensityOverride', 1000, vscode.ConfigurationTarget.Global);
			const recorded = nextRecordOf(footprint, 'task');
			const timesFile = path.join(workspaceFolder().uri.fsPath, 'burn-times-2.txt');
			await vscode.tasks.executeTask(burnTask('Footprint burn with override', timesFile, 1));
			const record = await recorded;
			assert.strictEqual(record.intensityGramsPerKwh, 1000);
			assert.strictEqual(record.intensitySource.kind, 'override');
			// 1000 g/kWh is 1 g/Wh: carbon in grams equals energy in Wh.
			assert.ok(Math.abs(record.co2eGrams - record.energyWh) <= 1e-9 + record.energyWh * 1e-9);
		} finally {
			await configuration.update('statusBar.show', undefined, vscode.ConfigurationTarget.Global);
			await configuration.update(
				'grid.intensityOverride',
				undefined,
				vscode.ConfigurationTarget.Global,
			);
		}
	});

	test('Show Machine opens a document with the profile and each method’s availability', async () => {
		await api();
		await vscode.commands.executeCommand('footprint.showMachine');
		const text = await until('the machine document', () => {
			const document = vscode.window.activeTextEditor?.document;
			return document?.languageId === 'markdown' &&
				document.getText().includes('Measurement methods')
				? document.getText()
				: undefined;
		});
		assert.match(text, /RAPL energy counters \| (available|not available — .+) \|/);
		assert.match(text, /Grid intensity \| \d+ gCO2e\/kWh/);
		await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
	});

	test('a Node debug session lands in history, measured by the debuggee’s process id', async function () {
		this.timeout(90_000);
		const footprint = await api();
		const recorded = nextRecordOf(footprint, 'debug');
		const started = await vscode.debug.startDebugging(workspaceFolder(), {
			type: 'node',
			request: 'launch',
			name: 'Footprint debug burn',
			program: path.join(workspaceFolder().uri.fsPath, 'burn.js'),
			args: ['1'],
			console: 'internalConsole',
		});
		assert.ok(started, 'the debug session started');
		const record = await recorded;
		assert.strictEqual(record.label, 'Footprint debug burn');
		assert.ok(record.command.endsWith('burn.js'), `the program: ${record.command}`);
		assert.ok(record.cpuSeconds > 0.5, `recorded ${record.cpuSeconds} CPU s for a 1 s burn`);
	});

	test('Export History writes CSV and JSON; Copy Entry as JSON and Delete Entry act on one record', async () => {
		const footprint = await api();
		const store = await footprint.history();
		const records = store.list();
		assert.ok(records.length >= 2, 'earlier tests left records');

		const folder = workspaceFolder().uri;
		const csv = vscode.Uri.joinPath(folder, 'export.csv');
		await vscode.commands.executeCommand('footprint.exportHistory', csv);
		const lines = (await fs.readFile(csv.fsPath, 'utf8')).trimEnd().split('\r\n');
		assert.strictEqual(lines.length, records.length + 1, 'a header and one row per record');
		assert.ok(lines[0].startsWith('id,origin,label,command'));

		const json = vscode.Uri.joinPath(folder, 'export.json');
		await vscode.commands.executeCommand('footprint.exportHistory', json);
		const exported = JSON.parse(await fs.readFile(json.fsPath, 'utf8')) as FootprintRecord[];
		assert.deepStrictEqual(
			exported.map((record) => record.id),
			records.map((record) => record.id),
		);

		const target = records[0];
		await vscode.commands.executeCommand('footprint.copyEntryAsJson', target.id);
		const copied = JSON.parse(await vscode.env.clipboard.readText()) as FootprintRecord;
		assert.deepStrictEqual(copied, target);

		assert.strictEqual(
			await vscode.commands.executeCommand('footprint.deleteEntry', target.id),
			true,
		);
		assert.strictEqual(store.get(target.id), undefined);
		const reopened = await HistoryStore.open(store.folder);
		assert.strictEqual(reopened.get(target.id), undefined, 'the deletion is on disk');
		assert.strictEqual(reopened.list().length, records.length - 1);
	});

	test('the history survives a crash mid-write with no committed record lost', async () => {
		const footprint = await api();
		const store = await footprint.history();
		const committed = store.list().map((record) => record.id);
		assert.ok(committed.length > 0, 'earlier tests left records');

		// Simulate a crash halfway through writing one more line.
		const torn = JSON.stringify({ ...store.list()[0], id: 'torn-record' });
		await fs.appendFile(store.file, torn.slice(0, Math.floor(torn.length / 2)));

		const reopened = await HistoryStore.open(store.folder);
		const ids = reopened.list().map((record) => record.id);
		assert.deepStrictEqual(
			committed.filter((id) => !ids.includes(id)),
			[],
		);
		assert.ok(!ids.includes('torn-record'));
		assert.strictEqual(reopened.openReport.tornTail, true);
	});

	test('Forget History deletes the history file', async () => {
		const footprint = await api();
		const store = await footprint.history();
		assert.ok((await fs.readFile(store.file, 'utf8')).length > 0);

		assert.strictEqual(await footprint.forgetHistoryConfirmed(), true);
		await assert.rejects(fs.stat(store.file), { code: 'ENOENT' });
		assert.strictEqual(store.list().length, 0);
		const files = await fs.readdir(store.folder);
		assert.deepStrictEqual(
			files.filter((name) => name.startsWith('history')),
			[],
		);
	});
});
