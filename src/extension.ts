import * as vscode from 'vscode';
import type { FootprintRecord } from './core/record';
import type { HistoryStore } from './history/store';
import { registerAlternatives } from './views/alternativesView';
import { Configuration } from './views/configuration';
import { registerConversionLens } from './views/conversionLens';
import { registerDataView } from './views/dataView';
import { registerEstimateCommand } from './views/estimateCommand';
import { registerHistoryCodeLens } from './views/historyCodeLens';
import { forgetHistory, registerHistoryCommands } from './views/historyCommands';
import type { FootprintHost } from './views/host';
import { loadMeters } from './views/meterService';
import { registerOpenAsTable } from './views/openAsTable';
import { TaskServices } from './views/services';
import { registerStatusBar } from './views/statusBar';
import { registerTaskWatcher } from './views/taskWatcher';
import { registerTasksView } from './views/tasksView';

/**
 * Internal, for Footprint's own integration tests only: what activate() returns. Not a public API;
 * it may change in any release.
 */
export interface FootprintTestApi {
	/** The history, once open. */
	history(): Promise<HistoryStore>;
	/** The status bar item's text now. */
	statusText(): string;
	/** Resolves with the next record added to the history. */
	nextRecord(): Promise<FootprintRecord>;
	/** Resolves once the meters are ready (machine profile read). */
	ready(): Promise<void>;
	/** Runs Forget History as if the user confirmed the dialog. */
	forgetHistoryConfirmed(): Promise<boolean>;
	/** Milliseconds activate() took. */
	activationMs: number;
}

/** Wires Footprint's parts together; everything else lives in src/views and the pure core. */
export function activate(context: vscode.ExtensionContext): FootprintTestApi {
	const started = performance.now();
	const log = vscode.window.createOutputChannel('Footprint', { log: true });
	context.subscriptions.push(log);
	const configuration = new Configuration(log);
	context.subscriptions.push(configuration);
	const host: FootprintHost = { extension: context, log, configuration };

	// Each feature registers itself here with one line: register…(host).
	const services = new TaskServices(host, () => loadMeters(host));
	context.subscriptions.push(services);
	const tasksView = registerTasksView(host, services);
	const statusBar = registerStatusBar(host, services);
	registerTaskWatcher(host, services, tasksView);
	registerHistoryCommands(host, services, tasksView);
	registerHistoryCodeLens(host, services);
	registerOpenAsTable(host);
	registerEstimateCommand(host);
	registerAlternatives(host, registerConversionLens(host));
	registerDataView(host, { recentTasks: () => services.store?.list().slice(-50) ?? [] });

	const activationMs = performance.now() - started;
	log.info(`Footprint activated in ${activationMs.toFixed(1)} ms`);
	return {
		history: () => services.history,
		statusText: () => statusBar.text,
		nextRecord: () =>
			new Promise((resolve) => {
				const subscription = services.onDidRecord((record) => {
					subscription.dispose();
					resolve(record);
				});
			}),
		ready: async () => {
			await services.meters;
			await services.history;
		},
		forgetHistoryConfirmed: () => forgetHistory(host, services, async () => true),
		activationMs,
	};
}

export function deactivate(): void {}
