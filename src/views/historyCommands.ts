import * as vscode from 'vscode';
import { formatCarbon, formatEnergy } from '../core/format';
import type { FootprintRecord } from '../core/record';
import { formatOfFileName, toCsv, toJson } from '../history/export';
import { runsOfScript } from '../history/scriptRuns';
import { COMMANDS, OPEN_CONTAINER } from './commands';
import type { FootprintHost } from './host';
import type { TaskServices } from './services';
import { entryDescription, type TasksNode, type TasksView } from './tasksView';

/** The record a tree-row command was invoked on (the row, or a record id from a lens or test). */
function recordOf(services: TaskServices, target: unknown): FootprintRecord | undefined {
	if (typeof target === 'string') {
		return services.store?.get(target);
	}

	const node = target as TasksNode | undefined;
	return node?.kind === 'entry' ? services.store?.get(node.record.id) : undefined;
}

/** Asks with a modal dialog whether to delete all `count` records. */
async function confirmForget(count: number): Promise<boolean> {
	const forget = vscode.l10n.t('Forget History');
	const choice = await vscode.window.showWarningMessage(
		vscode.l10n.t('Delete all {0} task records from this machine?', count),
		{ modal: true, detail: vscode.l10n.t('The history file is deleted. This cannot be undone.') },
		forget,
	);
	return choice === forget;
}

/**
 * Forget History: after `confirm` agrees, deletes the history file and everything in memory.
 * Resolves to whether it deleted.
 */
export async function forgetHistory(
	host: FootprintHost,
	services: TaskServices,
	confirm: (count: number) => Promise<boolean>,
): Promise<boolean> {
	const store = await services.history;
	const count = store.list().length;
	if (!(await confirm(count))) {
		return false;
	}

	await store.forget();
	host.log.info(`history forgotten (${count} records deleted)`);
	return true;
}

/** Registers Footprint's sidebar, machine and history commands. */
export function registerHistoryCommands(
	host: FootprintHost,
	services: TaskServices,
	tasksView: TasksView,
): void {
	const register = (id: string, run: (...args: unknown[]) => unknown) => {
		host.extension.subscriptions.push(vscode.commands.registerCommand(id, run));
	};

	register(COMMANDS.showSidebar, () => vscode.commands.executeCommand(OPEN_CONTAINER));

	register(COMMANDS.showMachine, async () => {
		const meters = await services.meters;
		const document = await vscode.workspace.openTextDocument({
			language: 'markdown',
			content: meters.machineReport(),
		});
		await vscode.window.showTextDocument(document, { preview: true });
	});

	register(COMMANDS.forgetHistory, () => forgetHistory(host, services, confirmForget));

	register(COMMANDS.exportHistory, async (target?: unknown) => {
		const store = await services.history;
		const records = store.list();
		let uri = target instanceof vscode.Uri ? target : undefined;
		if (!uri) {
			const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
			uri = await vscode.window.showSaveDialog({
				title: vscode.l10n.t('Export Footprint History'),
				defaultUri: folder ? vscode.Uri.joinPath(folder, 'footprint-history.csv') : undefined,
				filters: { CSV: ['csv'], JSON: ['json'] },
			});
		}

		if (!uri) {
			return undefined;
		}

		let format = formatOfFileName(uri.path);
		if (!format) {
			const picked = await vscode.window.showQuickPick(['CSV', 'JSON'], {
				title: vscode.l10n.t('Export as'),
			});
			if (!picked) {
				return undefined;
			}

			format = picked === 'CSV' ? 'csv' : 'json';
		}

		const text = format === 'csv' ? toCsv(records) : toJson(records);
		await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
		void vscode.window.showInformationMessage(
			vscode.l10n.t('Exported {0} records to {1}.', records.length, uri.fsPath),
		);
		return uri;
	});

	register(COMMANDS.copyEntryAsJson, async (target?: unknown) => {
		const record = recordOf(services, target);
		if (!record) {
			return;
		}

		await vscode.env.clipboard.writeText(JSON.stringify(record, null, '\t'));
		vscode.window.setStatusBarMessage(vscode.l10n.t('Footprint: entry copied as JSON'), 3000);
	});

	register(COMMANDS.deleteEntry, async (target?: unknown) => {
		const record = recordOf(services, target);
		if (!record) {
			return false;
		}

		return (await services.history).delete(record.id);
	});

	register(COMMANDS.rerunEntry, async (target?: unknown) => {
		const record = recordOf(services, target);
		if (!record) {
			return;
		}

		if (record.origin === 'task') {
			const tasks = await vscode.tasks.fetchTasks();
			const task = tasks.find((candidate) => candidate.name === record.label);
			if (!task) {
				void vscode.window.showWarningMessage(
					vscode.l10n.t('No task named "{0}" in this workspace now.', record.label),
				);
				return;
			}

			await vscode.tasks.executeTask(task);
			return;
		}

		if (record.origin === 'terminal') {
			const terminal = vscode.window.createTerminal({
				name: 'Footprint re-run',
				cwd: record.cwd || undefined,
			});
			terminal.show();
			// Limitation: the command runs in a new default-profile terminal, which may be a different
			// shell (and environment) from the one it first ran in.
			terminal.sendText(record.command, true);
		}
	});

	register(COMMANDS.showRunsOfScript, async (target?: unknown) => {
		const uri =
			target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
		if (!uri) {
			return;
		}

		const store = await services.history;
		const runs = runsOfScript(store.list(), uri.fsPath);
		const picked = await vscode.window.showQuickPick(
			runs.map((record) => ({
				label: record.command,
				description: entryDescription(record),
				detail: `${new Date(record.endedAt).toLocaleString()} · exit ${record.exitCode ?? '?'} · ${record.cpuSeconds.toFixed(1)} CPU s · ${formatEnergy(record.energyWh)}, ${formatCarbon(record.co2eGrams)}`,
				id: record.id,
			})),
			{ title: vscode.l10n.t('Runs of {0}', vscode.workspace.asRelativePath(uri)) },
		);
		if (picked) {
			await vscode.commands.executeCommand(COMMANDS.showSidebar);
			await tasksView.reveal(picked.id);
		}
	});
}
