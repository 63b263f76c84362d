/**
 * Conversion events: a CSV, TSV, Excel or Parquet file that appears and derives from a JSON file,
 * either because it has the same stem in the same folder (`events.json` → `events.csv`) or because a
 * task in history that mentions the JSON file was running when it was written. The event carries both
 * sizes, the storage now held twice and, when a task matches, that task's measured cost.
 */
import { randomUUID } from 'node:crypto';
import { basename, dirname } from 'node:path';
import type { FootprintRecord } from '../core/record';
import { DERIVED_FORMATS, formatLabel } from './formats';
import type { DataFileInfo } from './inventory';
import { storageFootprint, type StorageAssumptions, type StorageFootprint } from './storage';

/** What the conversion-event logic needs from a history record. */
export type TaskHint = Pick<
	FootprintRecord,
	| 'id'
	| 'label'
	| 'command'
	| 'startedAt'
	| 'endedAt'
	| 'durationSeconds'
	| 'energyWh'
	| 'co2eGrams'
	| 'peakRssBytes'
>;

/** One side of a conversion. */
export interface ConvertedFile {
	path: string;
	size: number;
	/** e.g. `JSON`, `CSV.gz`. */
	format: string;
}

/** A derived file appeared beside (or was written from) a JSON file. */
export interface ConversionEvent {
	id: string;
	/** ISO 8601. */
	detectedAt: string;
	source: ConvertedFile;
	derived: ConvertedFile;
	/** Bytes held now by both copies. */
	heldBytes: number;
	/** Yearly footprint of the extra copy (the derived file). */
	extraStorage: StorageFootprint;
	reason: 'same stem' | 'task';
	/** Plain-words reason, e.g. `same name as events.json in the same folder`. */
	detail: string;
	/** The task that wrote it, with its measured cost, when one matched. */
	task?: Pick<
		TaskHint,
		'id' | 'label' | 'durationSeconds' | 'energyWh' | 'co2eGrams' | 'peakRssBytes'
	>;
}

/** Seconds of slack around a task's start and end when matching a file's write time to it. */
const TASK_SLACK_SECONDS = 5;

function isJsonSource(file: DataFileInfo): boolean {
	return !file.kind.gzip && (file.kind.format === 'json' || file.kind.format === 'ndjson');
}

/** True for a file that a conversion from JSON typically writes. */
export function isDerivedFormat(file: DataFileInfo): boolean {
	return DERIVED_FORMATS.includes(file.kind.format);
}

function taskCovers(task: TaskHint, mtimeMs: number): boolean {
	const start = Date.parse(task.startedAt) - TASK_SLACK_SECONDS * 1000;
	const end = Date.parse(task.endedAt) + TASK_SLACK_SECONDS * 1000;
	return Number.isFinite(start) && Number.isFinite(end) && mtimeMs >= start && mtimeMs <= end;
}

function mentions(task: TaskHint, file: DataFileInfo): boolean {
	const name = basename(file.path);
	return task.command.includes(name) || task.label.includes(name);
}

/** The JSON file with the same stem in the same folder, if any. */
export function sameStemSource(
	derived: DataFileInfo,
	files: readonly DataFileInfo[],
): DataFileInfo | undefined {
	const folder = dirname(derived.path);
	return files.find(
		(file) =>
			isJsonSource(file) && file.kind.stem === derived.kind.stem && dirname(file.path) === folder,
	);
}

/**
 * Finds where a derived file came from. Same stem wins; else a task that ran when the file was written
 * and whose command names a JSON file of the inventory. The task's cost is attached either way when
 * its run covers the file's write time.
 */
export function findConversionSource(
	derived: DataFileInfo,
	files: readonly DataFileInfo[],
	tasks: readonly TaskHint[],
):
	| { source: DataFileInfo; reason: 'same stem' | 'task'; detail: string; task?: TaskHint }
	| undefined {
	if (!isDerivedFormat(derived)) {
		return undefined;
	}

	const covering = tasks.filter((task) => taskCovers(task, derived.mtimeMs));
	const stem = sameStemSource(derived, files);
	if (stem) {
		const task =
			covering.find((candidate) => mentions(candidate, stem)) ?? covering[covering.length - 1];
		return {
			source: stem,
			reason: 'same stem',
			detail: `same name as ${basename(stem.path)} in the same folder`,
			task,
		};
	}

	for (const task of [...covering].reverse()) {
		const source = files.find((file) => isJsonSource(file) && mentions(task, file));
		if (source) {
			return {
				source,
				reason: 'task',
				detail: `written while the task "${task.label}" that reads ${basename(source.path)} ran`,
				task,
			};
		}
	}

	return undefined;
}

/** Builds the event record for a derived file and its source. */
export function makeConversionEvent(
	derived: DataFileInfo,
	found: NonNullable<ReturnType<typeof findConversionSource>>,
	assumptions: StorageAssumptions,
	nowMs: number,
): ConversionEvent {
	const { source, task } = found;
	return {
		id: randomUUID(),
		detectedAt: new Date(nowMs).toISOString(),
		source: { path: source.path, size: source.size, format: formatLabel(source.kind) },
		derived: { path: derived.path, size: derived.size, format: formatLabel(derived.kind) },
		heldBytes: source.size + derived.size,
		extraStorage: storageFootprint(derived.size, assumptions),
		reason: found.reason,
		detail: found.detail,
		task: task && {
			id: task.id,
			label: task.label,
			durationSeconds: task.durationSeconds,
			energyWh: task.energyWh,
			co2eGrams: task.co2eGrams,
			peakRssBytes: task.peakRssBytes,
		},
	};
}

/** Every same-stem JSON → derived pair in an inventory (what `footprint scan` reports). */
export function likelyConversionPairs(
	files: readonly DataFileInfo[],
): { source: DataFileInfo; derived: DataFileInfo }[] {
	const pairs: { source: DataFileInfo; derived: DataFileInfo }[] = [];
	for (const derived of files) {
		if (!isDerivedFormat(derived)) {
			continue;
		}

		const source = sameStemSource(derived, files);
		if (source) {
			pairs.push({ source, derived });
		}
	}

	return pairs;
}

/** True when an event for the same pair and the same derived size was already recorded. */
export function isDuplicateEvent(
	events: readonly ConversionEvent[],
	candidate: ConversionEvent,
): boolean {
	return events.some(
		(event) =>
			event.source.path === candidate.source.path &&
			event.derived.path === candidate.derived.path &&
			event.derived.size === candidate.derived.size,
	);
}
