import { createHash } from 'node:crypto';
import { join, posix } from 'node:path';
import * as vscode from 'vscode';
import { formatBytes, formatCarbon, formatEnergy } from '../core/format';
import type { ConversionEvent, TaskHint } from '../data/conversionEvents';
import { classifyDataFile, DATA_FILE_GLOB, isTableable } from '../data/formats';
import { resolveStorageIntensity } from '../data/gridIntensity';
import {
	inspectDataFile,
	SKIPPED_FOLDERS,
	type DataFileDetails,
	type DataFileInfo,
} from '../data/inventory';
import { personalDataLabel } from '../data/personalData';
import { describeRecords, mapLimited, reportDataFile, type DataFileReport } from '../data/report';
import { describeGrowth, loadDataState, saveDataState } from '../data/state';
import { describeStorageAssumptions, type StorageAssumptions } from '../data/storage';
import { DataTracker } from '../data/tracker';
import type { FootprintHost } from './host';
import { OPEN_AS_TABLE_COMMAND } from './openAsTable';

/** The Data view's id and its refresh command (package.json). */
export const DATA_VIEW_ID = 'footprint.data';
export const REFRESH_DATA_COMMAND = 'footprint.refreshData';

/** Quiet time after the last watcher event before the view updates (writes come in bursts). */
const DEBOUNCE_MS = 300;
/** Files sampled at the same time. */
const INSPECT_CONCURRENCY = 2;
/** Files listed at most, like `footprint scan`. */
const MAX_FILES = 5000;

/** What the refresh command resolves to: the rows as the user sees them (also used by tests). */
export interface DataViewSnapshot {
	files: {
		path: string;
		label: string;
		description: string;
		tooltip: string;
		contextValue: string;
	}[];
	events: { label: string; description: string; tooltip: string }[];
}

type Node =
	| { kind: 'folder'; label: string; files: DataFileInfo[] }
	| { kind: 'file'; file: DataFileInfo }
	| { kind: 'events'; events: ConversionEvent[] }
	| { kind: 'event'; event: ConversionEvent };

/**
 * Optional hook for matching conversion events to the task that wrote them: recent task records from
 * history. Set by the history feature when it is present.
 */
export interface DataViewHooks {
	recentTasks?: () => readonly TaskHint[];
}

function isSkipped(uri: vscode.Uri): boolean {
	return uri.path.split('/').some((part) => SKIPPED_FOLDERS.has(part));
}

/** The Data view: data files by folder, their footprint, growth and personal-data hints, and conversions. */
class DataView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<Node | undefined>();
	readonly onDidChangeTreeData = this.changed.event;
	private tracker: DataTracker | undefined;
	private readonly details = new Map<string, { key: string; details: DataFileDetails }>();
	private readonly inspecting = new Set<string>();
	private readonly queue: DataFileInfo[] = [];
	private running = 0;
	private readonly pending = new Map<string, NodeJS.Timeout>();
	private refreshTimer: NodeJS.Timeout | undefined;
	private saveTimer: NodeJS.Timeout | undefined;
	private ready: Promise<void>;
	private readonly disposables: vscode.Disposable[] = [];

	constructor(
		private readonly host: FootprintHost,
		private readonly statePath: string,
		private readonly hooks: DataViewHooks,
	) {
		this.ready = this.start();
		const watcher = vscode.workspace.createFileSystemWatcher(DATA_FILE_GLOB);
		this.disposables.push(
			watcher,
			watcher.onDidCreate((uri) => this.schedule(uri)),
			watcher.onDidChange((uri) => this.schedule(uri)),
			watcher.onDidDelete((uri) => this.schedule(uri)),
			host.configuration.onDidChange(() => this.changed.fire(undefined)),
			vscode.workspace.onDidChangeWorkspaceFolders(() => void this.relist()),
		);
	}

	private assumptions(): StorageAssumptions {
		const settings = this.host.configuration.current;
		return {
			medium: settings.storageMedium,
			replication: settings.storageReplication,
			intensity: resolveStorageIntensity(settings),
		};
	}

	private async start(): Promise<void> {
		const loaded = await loadDataState(this.statePath);
		if (loaded.problem) {
			this.host.log.warn(`Data view: ${loaded.problem}`);
		}

		this.tracker = new DataTracker({
			state: loaded.state,
			assumptions: () => this.assumptions(),
			recentTasks: () => this.hooks.recentTasks?.() ?? [],
		});
		await this.relist();
	}

	/** Lists every data file again (files.exclude applies) and refreshes the view. */
	async relist(): Promise<void> {
		const tracker = this.tracker;
		if (!tracker) {
			return;
		}

		const uris = await vscode.workspace.findFiles(DATA_FILE_GLOB, undefined, MAX_FILES);
		const files: DataFileInfo[] = [];
		for (const uri of uris) {
			if (uri.scheme !== 'file' || isSkipped(uri)) {
				continue;
			}

			const file = await this.describe(uri);
			if (file) {
				files.push(file);
			}
		}

		tracker.reset(files);
		this.host.log.info(`Data view: ${files.length} data files in the workspace`);
		this.saveSoon();
		this.changed.fire(undefined);
	}

	private async describe(uri: vscode.Uri): Promise<DataFileInfo | undefined> {
		const kind = classifyDataFile(uri.fsPath);
		if (!kind) {
			return undefined;
		}

		try {
			const stats = await vscode.workspace.fs.stat(uri);
			if (stats.type & vscode.FileType.Directory) {
				return undefined;
			}

			return {
				path: uri.fsPath,
				relativePath: vscode.workspace.asRelativePath(
					uri,
					(vscode.workspace.workspaceFolders?.length ?? 0) > 1,
				),
				size: stats.size,
				mtimeMs: stats.mtime,
				kind,
			};
		} catch {
			return undefined;
		}
	}

	private schedule(uri: vscode.Uri): void {
		if (uri.scheme !== 'file' || isSkipped(uri) || !classifyDataFile(uri.fsPath)) {
			return;
		}

		clearTimeout(this.pending.get(uri.fsPath));
		this.pending.set(
			uri.fsPath,
			setTimeout(() => {
				this.pending.delete(uri.fsPath);
				void this.apply(uri);
			}, DEBOUNCE_MS),
		);
	}

	private async apply(uri: vscode.Uri): Promise<void> {
		await this.ready;
		const tracker = this.tracker;
		if (!tracker) {
			return;
		}

		const file = await this.describe(uri);
		const changes = file ? tracker.upsert(file) : tracker.remove(uri.fsPath);
		for (const change of changes) {
			if (change.type === 'conversion') {
				const event = change.event;
				this.host.log.info(
					`Conversion: ${event.source.path} → ${event.derived.path}, ${formatBytes(event.heldBytes)} held while both are kept`,
				);
			}
		}

		if (changes.length > 0) {
			this.saveSoon();
			this.refreshSoon();
		}
	}

	private refreshSoon(): void {
		clearTimeout(this.refreshTimer);
		this.refreshTimer = setTimeout(() => this.changed.fire(undefined), 100);
	}

	private saveSoon(): void {
		clearTimeout(this.saveTimer);
		this.saveTimer = setTimeout(() => void this.save(), 1000);
	}

	private async save(): Promise<void> {
		if (!this.tracker) {
			return;
		}

		try {
			await saveDataState(this.statePath, this.tracker.state);
		} catch (error) {
			this.host.log.warn(`Data view: could not save its state: ${String(error)}`);
		}
	}

	/** Sample details (records, personal data) of a file, computed once per size and time. */
	private detailsOf(file: DataFileInfo): DataFileDetails | undefined {
		const key = `${file.size}:${file.mtimeMs}`;
		const cached = this.details.get(file.path);
		if (cached && cached.key === key) {
			return cached.details;
		}

		if (!this.inspecting.has(file.path) && isTableable(file.kind)) {
			this.inspecting.add(file.path);
			this.queue.push(file);
			this.drain();
		}

		return cached?.details;
	}

	/** Samples queued files, two at a time, so a large workspace never opens hundreds of files at once. */
	private drain(): void {
		while (this.running < INSPECT_CONCURRENCY && this.queue.length > 0) {
			const file = this.queue.shift()!;
			this.running++;
			const key = `${file.size}:${file.mtimeMs}`;
			void inspectDataFile(file, { arrays: this.host.configuration.current.arrays })
				.then((details) => {
					this.details.set(file.path, { key, details });
					this.refreshSoon();
				})
				.finally(() => {
					this.inspecting.delete(file.path);
					this.running--;
					this.drain();
				});
		}
	}

	private report(file: DataFileInfo): DataFileReport {
		return reportDataFile(file, this.detailsOf(file), this.tracker?.state, this.assumptions());
	}

	getChildren(node?: Node): Node[] {
		const tracker = this.tracker;
		if (!tracker) {
			return [];
		}

		if (!node) {
			const byFolder = new Map<string, DataFileInfo[]>();
			for (const file of tracker.files()) {
				const folder = posix.dirname(file.relativePath);
				const list = byFolder.get(folder) ?? [];
				list.push(file);
				byFolder.set(folder, list);
			}

			const nodes: Node[] = [];
			const events = tracker.events();
			if (events.length > 0) {
				nodes.push({ kind: 'events', events });
			}

			for (const [label, files] of [...byFolder].sort(([a], [b]) => a.localeCompare(b))) {
				nodes.push({ kind: 'folder', label, files });
			}

			return nodes;
		}

		if (node.kind === 'folder') {
			return node.files.map((file) => ({ kind: 'file', file }));
		}

		if (node.kind === 'events') {
			return node.events.map((event) => ({ kind: 'event', event }));
		}

		return [];
	}

	getTreeItem(node: Node): vscode.TreeItem {
		switch (node.kind) {
			case 'folder': {
				const item = new vscode.TreeItem(
					node.label === '.' ? vscode.l10n.t('(workspace root)') : node.label,
					vscode.TreeItemCollapsibleState.Expanded,
				);
				const bytes = node.files.reduce((sum, file) => sum + file.size, 0);
				item.description = `${node.files.length} · ${formatBytes(bytes)}`;
				item.iconPath = vscode.ThemeIcon.Folder;
				item.contextValue = 'dataFolder';
				return item;
			}

			case 'events': {
				const item = new vscode.TreeItem(
					vscode.l10n.t('Conversion events'),
					vscode.TreeItemCollapsibleState.Expanded,
				);
				item.description = String(node.events.length);
				item.iconPath = new vscode.ThemeIcon('arrow-swap');
				item.contextValue = 'conversionEvents';
				return item;
			}

			case 'event':
				return this.eventItem(node.event);
			case 'file':
				return this.fileItem(node.file);
		}
	}

	private fileItem(file: DataFileInfo): vscode.TreeItem {
		const report = this.report(file);
		const item = new vscode.TreeItem(
			posix.basename(file.relativePath),
			vscode.TreeItemCollapsibleState.None,
		);
		item.resourceUri = vscode.Uri.file(file.path);
		item.id = `file:${file.path}`;
		item.description = describeFile(report);
		item.tooltip = fileTooltip(report, this.assumptions());
		const flagged = report.personalData.length > 0;
		item.iconPath = flagged
			? new vscode.ThemeIcon('shield', new vscode.ThemeColor('problemsWarningIcon.foreground'))
			: new vscode.ThemeIcon(isTableable(file.kind) ? 'table' : 'database');
		item.contextValue = [
			'dataFile',
			isTableable(file.kind) ? 'tableable' : '',
			flagged ? 'personalData' : '',
		]
			.filter((part) => part.length > 0)
			.join(' ');
		item.command = isTableable(file.kind)
			? {
					command: OPEN_AS_TABLE_COMMAND,
					title: vscode.l10n.t('Open as Table'),
					arguments: [item.resourceUri],
				}
			: { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [item.resourceUri] };
		return item;
	}

	private eventItem(event: ConversionEvent): vscode.TreeItem {
		const item = new vscode.TreeItem(
			`${posix.basename(event.source.path)} → ${posix.basename(event.derived.path)}`,
			vscode.TreeItemCollapsibleState.None,
		);
		item.id = `event:${event.id}`;
		item.description = describeEvent(event);
		item.tooltip = eventTooltip(event);
		item.iconPath = new vscode.ThemeIcon('arrow-swap');
		item.contextValue = 'conversionEvent';
		item.command = {
			command: 'vscode.open',
			title: vscode.l10n.t('Open'),
			arguments: [vscode.Uri.file(event.derived.path)],
		};
		return item;
	}

	/** The rows as shown, after waiting for pending samples (for the refresh command's result). */
	async snapshot(): Promise<DataViewSnapshot> {
		await this.ready;
		const tracker = this.tracker!;
		const files = tracker.files();
		await mapLimited(files, INSPECT_CONCURRENCY, async (file) => {
			const key = `${file.size}:${file.mtimeMs}`;
			if (isTableable(file.kind) && this.details.get(file.path)?.key !== key) {
				const details = await inspectDataFile(file, {
					arrays: this.host.configuration.current.arrays,
				});
				this.details.set(file.path, { key, details });
			}
		});
		const text = (value: string | vscode.MarkdownString | undefined) =>
			typeof value === 'string' ? value : (value?.value ?? '');

		return {
			files: files.map((file) => {
				const item = this.fileItem(file);
				return {
					path: file.relativePath,
					label: String(item.label),
					description: String(item.description ?? ''),
					tooltip: text(item.tooltip),
					contextValue: item.contextValue ?? '',
				};
			}),
			events: tracker.events().map((event) => {
				const item = this.eventItem(event);
				return {
					label: String(item.label),
					description: String(item.description ?? ''),
					tooltip: text(item.tooltip),
				};
			}),
		};
	}

	/** Waits for watcher events still in their debounce, then for the view's start-up. */
	async settled(): Promise<void> {
		await this.ready;
	}

	dispose(): void {
		for (const timer of this.pending.values()) {
			clearTimeout(timer);
		}

		clearTimeout(this.refreshTimer);
		if (this.saveTimer) {
			clearTimeout(this.saveTimer);
			void this.save();
		}

		this.changed.dispose();
		for (const disposable of this.disposables) {
			disposable.dispose();
		}
	}
}

/** Collects tooltip text; `appendMarkdown` only ever adds line breaks and bullets here. */
class PlainText {
	value = '';

	appendText(text: string): void {
		this.value += text;
	}

	appendMarkdown(text: string): void {
		this.value += text;
	}
}

/** The one-line description beside a file: size, format, records, storage per year, growth. */
function describeFile(report: DataFileReport): string {
	const parts = [formatBytes(report.size), report.format, describeRecords(report.records)];
	parts.push(
		`${formatEnergy(report.storage.kwhPerYear * 1000)}, ${formatCarbon(report.storage.co2eGramsPerYear)}/yr`,
	);
	if (report.growth && report.growth.bytes !== 0) {
		parts.push(describeGrowth(report.growth, formatBytes));
	}

	return parts.filter((part) => part.length > 0).join(' · ');
}

/** Plain text (not Markdown), so nothing in a file name or column name is interpreted. */
function fileTooltip(report: DataFileReport, assumptions: StorageAssumptions): string {
	const tooltip = new PlainText();
	tooltip.appendText(`${report.relativePath}\n`);
	tooltip.appendText(`${report.format}, ${formatBytes(report.size)}`);
	if (report.records) {
		tooltip.appendText(
			`, ${describeRecords(report.records)}${report.records.exact ? '' : ' (estimated from a sample)'}`,
		);
	}

	if (report.columns !== undefined) {
		tooltip.appendText(`, ${report.columns} columns`);
	}

	tooltip.appendMarkdown('\n\n');
	tooltip.appendText(
		`Storage per year: ${formatEnergy(report.storage.kwhPerYear * 1000)}, ${formatCarbon(report.storage.co2eGramsPerYear)} ` +
			`(${describeStorageAssumptions(assumptions)}; settings footprint.storage.medium and footprint.storage.replication)`,
	);
	if (report.growth) {
		tooltip.appendMarkdown('\n\n');
		tooltip.appendText(
			`Growth: ${describeGrowth(report.growth, formatBytes)} (first seen at ${formatBytes(report.growth.firstSeenSize)})`,
		);
	}

	if (report.personalData.length > 0) {
		tooltip.appendMarkdown('\n\n');
		tooltip.appendText('Columns that look like personal data (a data-sovereignty hint):');
		for (const flag of report.personalData) {
			tooltip.appendMarkdown('\n- ');
			tooltip.appendText(`${flag.column}: ${personalDataLabel(flag.kind)}, because ${flag.reason}`);
		}
	}

	if (report.error) {
		tooltip.appendMarkdown('\n\n');
		tooltip.appendText(`Not sampled: ${report.error}`);
	}

	return tooltip.value;
}

function describeEvent(event: ConversionEvent): string {
	const parts = [
		`${event.source.format} ${formatBytes(event.source.size)} → ${event.derived.format} ${formatBytes(event.derived.size)}`,
		`${formatBytes(event.heldBytes)} held while both are kept`,
	];
	if (event.task) {
		parts.push(
			`${formatEnergy(event.task.energyWh)}, ${formatCarbon(event.task.co2eGrams)} to convert`,
		);
	}

	return parts.join(' · ');
}

function eventTooltip(event: ConversionEvent): string {
	const tooltip = new PlainText();
	tooltip.appendText(`${event.source.path} → ${event.derived.path}\n`);
	tooltip.appendText(
		`Found ${event.detectedAt.slice(0, 16).replace('T', ' ')} UTC: ${event.detail}.`,
	);
	tooltip.appendMarkdown('\n\n');
	tooltip.appendText(
		`Both copies hold ${formatBytes(event.heldBytes)}; the extra copy costs ` +
			`${formatEnergy(event.extraStorage.kwhPerYear * 1000)} and ${formatCarbon(event.extraStorage.co2eGramsPerYear)} per year to store.`,
	);
	tooltip.appendMarkdown('\n\n');
	tooltip.appendText(
		event.task
			? `Task "${event.task.label}": ${formatEnergy(event.task.energyWh)}, ${formatCarbon(event.task.co2eGrams)}, ` +
					`${Math.round(event.task.durationSeconds)} s (measured).`
			: 'No measured task matched this file; run the conversion as a task or in the terminal to see its cost.',
	);
	return tooltip.value;
}

/** Where the Data view keeps its state: the extension's global storage, one file per workspace. */
function statePathFor(host: FootprintHost): string {
	const folders = (vscode.workspace.workspaceFolders ?? [])
		.map((folder) => folder.uri.toString())
		.join('|');
	const hash = createHash('sha256')
		.update(folders || 'no-folder')
		.digest('hex')
		.slice(0, 16);
	const base = process.env.FOOTPRINT_STORAGE_DIR ?? host.extension.globalStorageUri.fsPath;
	return join(base, 'data', `${hash}.json`);
}

/**
 * Registers the Data view, its watcher and the refresh command. `footprint.refreshData` re-lists the
 * files; called with an options object it resolves to a snapshot of the rows, and with
 * `{ relist: false }` it only reports.
 */
export function registerDataView(host: FootprintHost, hooks: DataViewHooks = {}): void {
	const view = new DataView(host, statePathFor(host), hooks);
	host.extension.subscriptions.push(
		view,
		vscode.window.createTreeView(DATA_VIEW_ID, { treeDataProvider: view, showCollapseAll: true }),
		vscode.commands.registerCommand(
			REFRESH_DATA_COMMAND,
			async (options?: { relist?: boolean }): Promise<DataViewSnapshot | undefined> => {
				await view.settled();
				if (options?.relist !== false) {
					await view.relist();
				}

				// The title-bar button passes no argument and needs no snapshot (it samples every file).
				return options === undefined ? undefined : view.snapshot();
			},
		),
	);
}
