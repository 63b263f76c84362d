/**
 * Helpers for integration tests that run inside the real extension host: find the extension, wait
 * for a condition with a deadline (never a fixed sleep), run a workspace task or a terminal command
 * and get its outcome.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The extension's id: `<publisher>.<name>` from package.json. */
export const extensionId = 'footprint-dev.footprint';

/** The extension under test, activated. */
export async function activeExtension(): Promise<vscode.Extension<unknown>> {
	const extension = vscode.extensions.getExtension(extensionId);
	if (!extension) {
		throw new Error(`${extensionId} is not loaded in this extension host`);
	}

	await extension.activate();
	return extension;
}

/** The fresh copy of test/fixtures/workspace this run opened. */
export function workspaceFolder(): vscode.WorkspaceFolder {
	const folder = vscode.workspace.workspaceFolders?.[0];
	if (!folder) {
		throw new Error('no workspace folder is open');
	}

	return folder;
}

/** Absolute path of a file in the workspace. */
export function workspacePath(...parts: string[]): string {
	return path.join(workspaceFolder().uri.fsPath, ...parts);
}

/**
 * Polls `probe` until it returns something other than `undefined`, `null` or `false` and resolves
 * to it; rejects naming `what` once `timeoutMs` has passed.
 */
export async function waitFor<T>(
	probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
	what: string,
	timeoutMs = 20_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined && value !== null && value !== false) {
			return value;
		}

		if (Date.now() > deadline) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		}

		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/** What a finished task reported. */
export interface TaskOutcome {
	processId: number | undefined;
	exitCode: number | undefined;
}

/** Runs the workspace task with this label (from .vscode/tasks.json) and resolves when it ends. */
export async function runTask(label: string, timeoutMs = 60_000): Promise<TaskOutcome> {
	const tasks = await vscode.tasks.fetchTasks();
	const task = tasks.find((candidate) => candidate.name === label);
	if (!task) {
		throw new Error(
			`no task "${label}"; found: ${tasks.map((candidate) => candidate.name).join(', ')}`,
		);
	}

	const disposables: vscode.Disposable[] = [];
	try {
		let processId: number | undefined;
		const ended = new Promise<TaskOutcome>((resolve) => {
			disposables.push(
				vscode.tasks.onDidStartTaskProcess((event) => {
					if (event.execution.task.name === label) {
						processId = event.processId;
					}
				}),
				vscode.tasks.onDidEndTaskProcess((event) => {
					if (event.execution.task.name === label) {
						resolve({ processId, exitCode: event.exitCode });
					}
				}),
			);
		});
		await vscode.tasks.executeTask(task);
		return await withTimeout(ended, timeoutMs, `task "${label}" to end`);
	} finally {
		for (const disposable of disposables) {
			disposable.dispose();
		}
	}
}

/** What a finished terminal command reported through shell integration. */
export interface CommandOutcome {
	commandLine: string;
	exitCode: number | undefined;
	terminal: vscode.Terminal;
}

/**
 * Opens a terminal, waits for its shell integration, runs `commandLine` through it and resolves
 * when the shell reports the command's end. The caller disposes the terminal.
 */
export async function runInTerminal(
	commandLine: string,
	options: { cwd?: string; timeoutMs?: number } = {},
): Promise<CommandOutcome> {
	const timeoutMs = options.timeoutMs ?? 60_000;
	const terminal = vscode.window.createTerminal({
		name: 'Footprint test',
		cwd: options.cwd ?? workspaceFolder().uri.fsPath,
	});
	const integration = await waitFor(
		() => terminal.shellIntegration,
		'shell integration in a new terminal',
		timeoutMs,
	);
	const disposables: vscode.Disposable[] = [];
	try {
		const ended = new Promise<CommandOutcome>((resolve) => {
			disposables.push(
				vscode.window.onDidEndTerminalShellExecution((event) => {
					if (event.terminal === terminal) {
						resolve({
							commandLine: event.execution.commandLine.value,
							exitCode: event.exitCode,
							terminal,
						});
					}
				}),
			);
		});
		integration.executeCommand(commandLine);
		return await withTimeout(ended, timeoutMs, `"${commandLine}" to end in the terminal`);
	} finally {
		for (const disposable of disposables) {
			disposable.dispose();
		}
	}
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(
			() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
			timeoutMs,
		);
	});
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		clearTimeout(timer);
	}
}
