import * as vscode from 'vscode';
import { formatCarbon, formatDuration, formatEnergy } from '../core/format';
import { isScriptPath, runsOfScript } from '../history/scriptRuns';
import { COMMANDS } from './commands';
import type { FootprintHost } from './host';
import type { TaskServices } from './services';

/** Languages whose files may be scripts with runs in the history. */
const SCRIPT_LANGUAGES = [
	'python',
	'javascript',
	'typescript',
	'javascriptreact',
	'typescriptreact',
	'shellscript',
];

/**
 * A code lens on line 1 of a script that history shows was run as a task or terminal command:
 * `Last run 3m 12s · 4.1 Wh · 1.7 gCO2e (5 runs)`; clicking lists the runs.
 */
export class HistoryCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<void>();
	readonly onDidChangeCodeLenses = this.changed.event;

	constructor(
		private readonly host: FootprintHost,
		private readonly services: TaskServices,
	) {}

	/** Asks the editor to ask again (history or settings changed). */
	refresh(): void {
		this.changed.fire();
	}

	provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
		const store = this.services.store;
		if (!store || !this.host.configuration.current.codeLensEnabled) {
			return [];
		}

		if (document.uri.scheme !== 'file' || !isScriptPath(document.uri.fsPath)) {
			return [];
		}

		const runs = runsOfScript(store.list(), document.uri.fsPath);
		if (runs.length === 0) {
			return [];
		}

		const last = runs[0];
		const count = runs.length === 1 ? '1 run' : `${runs.length} runs`;
		const title = `Last run ${formatDuration(last.durationSeconds)} · ${formatEnergy(last.energyWh)} · ${formatCarbon(last.co2eGrams)} (${count})`;
		return [
			new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
				title,
				tooltip: vscode.l10n.t('Footprint: list the runs of this script from the history'),
				command: COMMANDS.showRunsOfScript,
				arguments: [document.uri],
			}),
		];
	}

	dispose(): void {
		this.changed.dispose();
	}
}

/** Adds the history code lens on scripts. */
export function registerHistoryCodeLens(host: FootprintHost, services: TaskServices): void {
	const provider = new HistoryCodeLensProvider(host, services);
	host.extension.subscriptions.push(
		provider,
		vscode.languages.registerCodeLensProvider(
			SCRIPT_LANGUAGES.map((language) => ({ language, scheme: 'file' })),
			provider,
		),
		services.onDidChangeHistory(() => provider.refresh()),
		host.configuration.onDidChange(() => provider.refresh()),
	);
}
