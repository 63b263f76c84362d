/**
 * `footprint watch [DIR]`: follows the data files under a folder with chokidar and prints one line per
 * event: added, changed (with growth since first seen), removed, and conversion events. Ctrl-C stops
 * it cleanly after saving the state.
 */
import { watch as watchFolder, type FSWatcher } from 'chokidar';
import { stat } from 'node:fs/promises';
import { basename, relative, resolve, sep } from 'node:path';
import { formatBytes, formatCarbon, formatEnergy } from '../../core/format';
import type { ConversionEvent } from '../../data/conversionEvents';
import { classifyDataFile } from '../../data/formats';
import {
	describeError,
	scanDataFiles,
	SKIPPED_FOLDERS,
	type DataFileInfo,
} from '../../data/inventory';
import { describeGrowth, loadDataState, saveDataState } from '../../data/state';
import { describeStorageAssumptions } from '../../data/storage';
import { DataTracker, type DataChange } from '../../data/tracker';
import type { CliCommand } from '../command';
import {
	DATA_OPTIONS_HELP,
	readDataOptions,
	resolveStatePath,
	type DataCommandOptions,
} from './dataOptions';

/** One line for a conversion event. */
export function describeConversionEvent(event: ConversionEvent, root: string): string {
	const source = relative(root, event.source.path) || basename(event.source.path);
	const derived = relative(root, event.derived.path) || basename(event.derived.path);
	const parts = [
		`conversion ${source} (${event.source.format}, ${formatBytes(event.source.size)}) → ${derived} ` +
			`(${event.derived.format}, ${formatBytes(event.derived.size)})`,
		`${formatBytes(event.heldBytes)} held while both are kept`,
		`extra copy ${formatEnergy(event.extraStorage.kwhPerYear * 1000)}/yr, ${formatCarbon(event.extraStorage.co2eGramsPerYear)}/yr`,
		event.detail,
	];
	if (event.task) {
		parts.push(
			`task "${event.task.label}": ${formatEnergy(event.task.energyWh)}, ${formatCarbon(event.task.co2eGrams)}`,
		);
	}

	return parts.join(' · ');
}

/** One line for a change, e.g. `changed data/a.json 1.2 MB → 1.4 MB (+17 % since 2026-11-02)`. */
export function describeChange(change: DataChange, root: string): string {
	switch (change.type) {
		case 'added':
			return `added ${change.file.relativePath} (${change.file.kind.format}, ${formatBytes(change.file.size)})`;
		case 'changed':
			return (
				`changed ${change.file.relativePath} ${formatBytes(change.previousSize)} → ${formatBytes(change.file.size)} ` +
				`(${describeGrowth(change.growth, formatBytes)})`
			);
		case 'removed':
			return `removed ${relative(root, change.path)}`;
		case 'conversion':
			return describeConversionEvent(change.event, root);
	}
}

function isSkipped(path: string, root: string): boolean {
	const parts = relative(root, path).split(sep);
	return parts.some((part) => SKIPPED_FOLDERS.has(part));
}

const HELP = [
	'Usage: footprint watch [DIR] [options]',
	'',
	'Follows the data files under DIR (default: the current folder) and prints added, changed and',
	'removed files with their growth, and conversion events (a CSV, TSV, Excel or Parquet file that',
	'appears beside a JSON file of the same name). Ctrl-C stops.',
	'',
	DATA_OPTIONS_HELP,
].join('\n');

/** Quiet time after the last event for a path before it is reported (writes come in bursts). */
const SETTLE_MS = 300;

/**
 * Watches until `signal` aborts; writes lines through `print`. Resolves when the watcher is closed
 * and the state saved. Exported for tests, which stop it with an AbortController.
 */
export async function watchData(
	root: string,
	options: DataCommandOptions,
	print: (line: string) => void,
	signal: AbortSignal,
	onReady?: () => void,
): Promise<void> {
	const statePath = resolveStatePath(options, root);
	const loaded = statePath ? await loadDataState(statePath) : undefined;
	if (loaded?.problem) {
		print(`warning: ${loaded.problem}`);
	}

	const tracker = new DataTracker({
		state: loaded?.state ?? { version: 1, files: {}, events: [] },
		assumptions: () => options.assumptions,
	});
	const scan = await scanDataFiles(root);
	tracker.reset(scan.files);
	for (const problem of scan.problems) {
		print(`skipped ${problem.path}: ${problem.reason}`);
	}

	print(
		`watching ${scan.files.length} data file${scan.files.length === 1 ? '' : 's'} under ${root} ` +
			`(storage: ${describeStorageAssumptions(options.assumptions)}); Ctrl-C stops`,
	);

	const timers = new Map<string, NodeJS.Timeout>();
	let pending = Promise.resolve();
	const handle = (path: string) => {
		pending = pending.then(async () => {
			let changes: DataChange[];
			try {
				const stats = await stat(path);
				const kind = classifyDataFile(path);
				if (!kind || !stats.isFile()) {
					return;
				}

				const file: DataFileInfo = {
					path,
					relativePath: relative(root, path).split(sep).join('/'),
					size: stats.size,
					mtimeMs: stats.mtimeMs,
					kind,
				};
				changes = tracker.upsert(file);
			} catch (error) {
				if ((error as { code?: string }).code !== 'ENOENT') {
					print(`cannot read ${relative(root, path)}: ${describeError(error)}`);
					return;
				}

				changes = tracker.remove(path);
			}

			for (const change of changes) {
				print(describeChange(change, root));
			}
		});
	};
	const schedule = (path: string) => {
		if (!classifyDataFile(path) || isSkipped(path, root)) {
			return;
		}

		clearTimeout(timers.get(path));
		timers.set(
			path,
			setTimeout(() => {
				timers.delete(path);
				handle(path);
			}, SETTLE_MS),
		);
	};

	const watcher: FSWatcher = watchFolder(root, {
		ignoreInitial: true,
		followSymlinks: false,
		ignored: (path) => isSkipped(path, root),
	});
	watcher.on('add', schedule);
	watcher.on('change', schedule);
	watcher.on('unlink', schedule);
	watcher.on('error', (error) => print(`watch error: ${describeError(error)}`));
	await new Promise<void>((ready) => watcher.once('ready', () => ready()));
	onReady?.();

	await new Promise<void>((stop) => {
		if (signal.aborted) {
			stop();
		} else {
			signal.addEventListener('abort', () => stop(), { once: true });
		}
	});
	for (const timer of timers.values()) {
		clearTimeout(timer);
	}

	await watcher.close();
	await pending;
	if (statePath) {
		try {
			await saveDataState(statePath, tracker.state);
		} catch (error) {
			print(`could not save ${statePath}: ${describeError(error)}`);
		}
	}
}

export const watchCommand: CliCommand = {
	name: 'watch',
	summary: 'Follow data files and print growth and conversion events',
	async run(args) {
		if (args.includes('--help') || args.includes('-h')) {
			process.stdout.write(HELP + '\n');
			return 0;
		}

		const options = readDataOptions('watch', args, false);
		if (typeof options === 'number') {
			return options;
		}

		const root = resolve(options.directory);
		try {
			if (!(await stat(root)).isDirectory()) {
				process.stderr.write(`footprint watch: ${root} is not a folder\n`);
				return 2;
			}
		} catch (error) {
			process.stderr.write(`footprint watch: cannot read ${root}: ${describeError(error)}\n`);
			return 1;
		}

		const controller = new AbortController();
		const stop = () => controller.abort();
		process.once('SIGINT', stop);
		process.once('SIGTERM', stop);
		try {
			await watchData(
				root,
				options,
				(line) => process.stdout.write(`${line}\n`),
				controller.signal,
			);
		} finally {
			process.removeListener('SIGINT', stop);
			process.removeListener('SIGTERM', stop);
		}

		process.stdout.write('stopped\n');
		return 0;
	},
};
