import * as vscode from 'vscode';
import {
	formatCarbon,
	formatDuration,
	formatEnergy,
	formatMemory,
	formatPower,
} from '../core/format';
import type { FootprintRecord } from '../core/record';
import { groupByDay, type DayGroup } from '../history/days';
import { TASKS_VIEW } from './commands';
import type { FootprintHost } from './host';
import type { TaskServices } from './services';

/** A day row of the Tasks view. */
export interface DayNode {
	kind: 'day';
	group: DayGroup;
}

/** One finished task. */
export interface EntryNode {
	kind: 'entry';
	record: FootprintRecord;
	dayKey: string;
}

export type TasksNode = DayNode | EntryNode;

/** `duration · Wh · gCO2e` of one record. */
export function entryDescription(record: FootprintRecord): string {
	return `${formatDuration(record.durationSeconds)} · ${formatEnergy(record.energyWh)} · ${formatCarbon(record.co2eGrams)}`;
}

/** Whether a record can be run again: a task by its name, a terminal command by its command line. */
export function isRerunnable(record: FootprintRecord): boolean {
	return (
		(record.origin === 'task' && record.label !== '') ||
		(record.origin === 'terminal' && record.command !== '')
	);
}

/** Markdown with every field of a record and its method. */
export function entryTooltip(record: FootprintRecord): vscode.MarkdownString {
	const markdown = new vscode.MarkdownString();
	const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
	const exit = record.exitCode === null ? 'unknown' : String(record.exitCode);
	const method = record.method;
	const share = record.durationSeconds > 0 ? record.energyWh / (record.durationSeconds / 3600) : 0;
	markdown.appendMarkdown(`**${escape(record.label)}** (${record.origin})\n\n`);
	markdown.appendMarkdown(`${code(record.command)} in ${code(record.cwd)}\n\n`);
	markdown.appendMarkdown('| | |\n|---|---|\n');
	const rows: [string, string][] = [
		['Started', new Date(record.startedAt).toLocaleString()],
		['Ended', new Date(record.endedAt).toLocaleString()],
		['Exit code', exit],
		['Duration', formatDuration(record.durationSeconds)],
		['CPU time', `${record.cpuSeconds.toFixed(2)} s`],
		['Peak memory', formatMemory(record.peakRssBytes)],
		['Average memory', formatMemory(record.averageRssBytes)],
		[
			'Energy',
			`${formatEnergy(record.energyWh)} ± ${Math.round(method.uncertainty.relative * 100)} % (average ${formatPower(share)})`,
		],
		[
			'CPU energy',
			`${formatEnergy(record.energy.cpuWh)} — ${method.cpu.provenance}: ${method.cpu.detail}`,
		],
		[
			'Memory energy',
			`${formatEnergy(record.energy.memoryWh)} — ${method.memory.provenance}: ${method.memory.detail}`,
		],
		[
			'GPU energy',
			`${formatEnergy(record.energy.gpuWh)} — ${method.gpu.provenance}: ${method.gpu.detail}`,
		],
		['Carbon', formatCarbon(record.co2eGrams)],
		[
			'Grid intensity',
			`${Math.round(record.intensityGramsPerKwh)} gCO2e/kWh, ${record.region}, ${record.intensitySource.dataset} (${record.intensitySource.detail})`,
		],
		['PUE', String(record.pue)],
		['Attribution', method.attribution],
		['Uncertainty', method.uncertainty.reason],
		[
			'Machine',
			`${record.machine.cpuModel}, ${record.machine.logicalCores} threads, ${record.machine.os}`,
		],
	];
	for (const [name, value] of rows) {
		markdown.appendMarkdown(`| ${name} | ${escape(value)} |\n`);
	}

	const notMeasured = [method.cpu, method.memory, method.gpu]
		.map((component) => component.notMeasuredBecause)
		.filter((reason): reason is string => !!reason);
	if (notMeasured.length > 0) {
		markdown.appendMarkdown(`\nNot measured because: ${escape(notMeasured.join('; '))}\n`);
	}

	if (method.constants.length > 0) {
		markdown.appendMarkdown('\nConstants: ');
		markdown.appendMarkdown(
			method.constants
				.map((constant) =>
					escape(`${constant.name} = ${constant.value} ${constant.unit} (${constant.source})`),
				)
				.join('; '),
		);
	}

	return markdown;
}

function escape(text: string): string {
	return text.replace(/[\\`*_{}[\]<>|]/g, (character) => `\\${character}`).replace(/\n/g, ' ');
}

/** The Tasks view's data: days, then the day's entries, from the history. */
export class TasksTreeProvider implements vscode.TreeDataProvider<TasksNode>, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<TasksNode | undefined>();
	private groups: DayGroup[] = [];
	private readonly entries = new Map<string, EntryNode>();
	private readonly days = new Map<string, DayNode>();

	readonly onDidChangeTreeData = this.changed.event;

	constructor(private readonly services: TaskServices) {}

	/** Rebuilds the groups from the history; called on every history change. */
	refresh(): void {
		this.groups = groupByDay(this.services.store?.list() ?? []);
		this.entries.clear();
		this.days.clear();
		for (const group of this.groups) {
			this.days.set(group.key, { kind: 'day', group });
			for (const record of group.records) {
				this.entries.set(record.id, { kind: 'entry', record, dayKey: group.key });
			}
		}

		this.changed.fire(undefined);
	}

	/** The node of a record, for reveal. */
	entry(id: string): EntryNode | undefined {
		return this.entries.get(id);
	}

	getChildren(node?: TasksNode): TasksNode[] {
		if (!node) {
			return [...this.days.values()];
		}

		if (node.kind === 'day') {
			return node.group.records
				.map((record) => this.entries.get(record.id))
				.filter((entry) => !!entry);
		}

		return [];
	}

	getParent(node: TasksNode): TasksNode | undefined {
		return node.kind === 'entry' ? this.days.get(node.dayKey) : undefined;
	}

	getTreeItem(node: TasksNode): vscode.TreeItem {
		if (node.kind === 'day') {
			const { group } = node;
			const item = new vscode.TreeItem(group.label, vscode.TreeItemCollapsibleState.Expanded);
			item.id = `day:${group.key}`;
			const tasks = group.totals.count === 1 ? '1 task' : `${group.totals.count} tasks`;
			item.description = `${tasks} · ${formatEnergy(group.totals.energyWh)} · ${formatCarbon(group.totals.co2eGrams)}`;
			item.tooltip = `${group.key}: ${tasks}, ${formatDuration(group.totals.durationSeconds)} in all, ${group.totals.cpuSeconds.toFixed(1)} CPU seconds, ${formatEnergy(group.totals.energyWh)}, ${formatCarbon(group.totals.co2eGrams)}`;
			item.contextValue = 'footprintDay';
			item.accessibilityInformation = { label: `${group.label}, ${item.description}` };
			return item;
		}

		const { record } = node;
		const label = record.label || record.command || '(unnamed)';
		const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
		item.id = `entry:${record.id}`;
		item.description = entryDescription(record);
		item.tooltip = entryTooltip(record);
		const failed = record.exitCode !== null && record.exitCode !== 0;
		item.iconPath =
			record.exitCode === null
				? new vscode.ThemeIcon('question', new vscode.ThemeColor('disabledForeground'))
				: failed
					? new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'))
					: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
		item.contextValue = isRerunnable(record) ? 'footprintEntry rerunnable' : 'footprintEntry';
		item.accessibilityInformation = {
			label: `${label}, ${failed ? 'failed' : 'succeeded'}, ${entryDescription(record)}`,
		};
		return item;
	}

	dispose(): void {
		this.changed.dispose();
	}
}

/** The Tasks view and its provider. */
export interface TasksView {
	provider: TasksTreeProvider;
	view: vscode.TreeView<TasksNode>;
	/** Shows and selects a record's row. */
	reveal(id: string): Promise<void>;
}

/** Adds the Tasks view, fed by the history. */
export function registerTasksView(host: FootprintHost, services: TaskServices): TasksView {
	const provider = new TasksTreeProvider(services);
	host.extension.subscriptions.push(provider);
	const view = vscode.window.createTreeView(TASKS_VIEW, {
		treeDataProvider: provider,
		showCollapseAll: true,
	});
	host.extension.subscriptions.push(
		view,
		services.onDidChangeHistory(() => provider.refresh()),
	);
	return {
		provider,
		view,
		async reveal(id: string) {
			const node = provider.entry(id);
			if (node) {
				await view.reveal(node, { select: true, focus: true, expand: true });
			}
		},
	};
}
