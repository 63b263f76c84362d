import * as vscode from 'vscode';
import type { FootprintRecord } from '../core/record';
import { HistoryStore } from '../history/store';
import type { FootprintHost } from './host';
import type { Meters } from './meters';

/**
 * The shared state of the task features: the history store and the meters, both opened after
 * activation has returned (they read files and probe the machine), plus an event for each new record.
 */
export class TaskServices implements vscode.Disposable {
	private readonly recorded = new vscode.EventEmitter<FootprintRecord>();
	private readonly historyChanged = new vscode.EventEmitter<void>();
	private storeNow: HistoryStore | undefined;
	private metersNow: Meters | undefined;

	/** Fires after a finished task's record is safely in the history. */
	readonly onDidRecord = this.recorded.event;
	/** Fires after any change of the history (append, delete, retention, forget). */
	readonly onDidChangeHistory = this.historyChanged.event;
	/** The history, once open. */
	readonly history: Promise<HistoryStore>;
	/** The meters, once the machine has been probed. */
	readonly meters: Promise<Meters>;

	constructor(host: FootprintHost, loadMeters: () => Promise<Meters>) {
		const folder = process.env.FOOTPRINT_STORAGE_DIR || host.extension.globalStorageUri.fsPath;
		// Deferred past activate()'s return: opening reads the whole history file.
		this.history = deferred(async () => {
			const store = await HistoryStore.open(folder, {
				logger: host.log,
				retentionDays: host.configuration.current.retentionDays,
			});
			store.onDidChange(() => this.historyChanged.fire());
			this.storeNow = store;
			const report = store.openReport;
			host.log.info(
				`history: ${report.records} records in ${store.file}` +
					(report.expired > 0 ? `, ${report.expired} past retention removed` : ''),
			);
			this.historyChanged.fire();
			return store;
		});
		this.meters = deferred(async () => {
			const meters = await loadMeters();
			this.metersNow = meters;
			return meters;
		});
		this.history.catch((error: unknown) =>
			host.log.error(`history: cannot open: ${String(error)}`),
		);
		this.meters.catch((error: unknown) =>
			host.log.error(`measurement: cannot start: ${String(error)}`),
		);
		host.extension.subscriptions.push(
			host.configuration.onDidChange((settings) => {
				void this.history.then((store) => store.applyRetention(settings.retentionDays));
			}),
		);
	}

	/** The history if it is open already (for synchronous UI such as tree rows). */
	get store(): HistoryStore | undefined {
		return this.storeNow;
	}

	/** The meters if ready already. */
	get meter(): Meters | undefined {
		return this.metersNow;
	}

	/** Appends a record and tells the features. */
	async add(record: FootprintRecord): Promise<void> {
		const store = await this.history;
		await store.append(record);
		this.recorded.fire(record);
	}

	dispose(): void {
		this.recorded.dispose();
		this.historyChanged.dispose();
	}
}

/** Runs `work` on a later turn of the event loop, so the caller (activate) returns at once. */
function deferred<T>(work: () => Promise<T>): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		setTimeout(() => {
			work().then(resolve, reject);
		}, 0);
	});
}
