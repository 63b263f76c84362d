/**
 * Follows data files as a watcher reports them: keeps the inventory and the persisted state in step,
 * works out growth since first seen and records conversion events. Shared by `footprint watch` (fed
 * by chokidar) and the editor's Data view (fed by the editor's own file watcher).
 */
import {
	findConversionSource,
	isDuplicateEvent,
	makeConversionEvent,
	type ConversionEvent,
	type TaskHint,
} from './conversionEvents';
import type { DataFileInfo } from './inventory';
import { addEvent, forgetFile, growthOf, observeFile, type DataState, type Growth } from './state';
import { storageFootprint, type StorageAssumptions } from './storage';

/** One thing that happened to the data files. */
export type DataChange =
	| { type: 'added'; file: DataFileInfo; growth: Growth }
	| { type: 'changed'; file: DataFileInfo; growth: Growth; previousSize: number }
	| { type: 'removed'; path: string }
	| { type: 'conversion'; event: ConversionEvent };

export interface DataTrackerOptions {
	state: DataState;
	/** The storage assumptions in force (read at each event, so setting changes apply at once). */
	assumptions: () => StorageAssumptions;
	/** Recent task records from history, for matching conversions to the task that wrote them. */
	recentTasks?: () => readonly TaskHint[];
	now?: () => number;
}

/** The live inventory of data files and what has happened to them. */
export class DataTracker {
	private readonly known = new Map<string, DataFileInfo>();

	constructor(private readonly options: DataTrackerOptions) {}

	/** The persisted state (first-seen sizes and events), to be saved by the caller. */
	get state(): DataState {
		return this.options.state;
	}

	/** Files known now, sorted by relative path. */
	files(): DataFileInfo[] {
		return [...this.known.values()].sort((a, b) => a.relativePath.localeCompare(b.relativePath));
	}

	/** Conversion events, newest first. */
	events(): ConversionEvent[] {
		return [...this.options.state.events].reverse();
	}

	/** Growth of a known file since it was first seen. */
	growth(path: string): Growth | undefined {
		const file = this.known.get(path);
		const history = this.options.state.files[path];
		return file && history ? growthOf(history, file.size) : undefined;
	}

	/**
	 * Replaces the inventory with a full listing (start-up, refresh). Sizes are observed; no
	 * conversion events come from a listing, since those files did not just appear.
	 */
	reset(files: readonly DataFileInfo[]): void {
		this.known.clear();
		const now = this.now();
		for (const file of files) {
			this.known.set(file.path, file);
			observeFile(this.options.state, file.path, file.size, now);
		}
	}

	/** A file was created or changed. */
	upsert(file: DataFileInfo): DataChange[] {
		const previous = this.known.get(file.path);
		this.known.set(file.path, file);
		const { growth } = observeFile(this.options.state, file.path, file.size, this.now());
		if (previous) {
			if (previous.size === file.size && previous.mtimeMs === file.mtimeMs) {
				return [];
			}

			this.refreshEvents(file);
			return [{ type: 'changed', file, growth, previousSize: previous.size }];
		}

		const changes: DataChange[] = [{ type: 'added', file, growth }];
		const found = findConversionSource(file, this.files(), this.options.recentTasks?.() ?? []);
		if (found) {
			const event = makeConversionEvent(file, found, this.options.assumptions(), this.now());
			if (!isDuplicateEvent(this.options.state.events, event)) {
				addEvent(this.options.state, event);
				changes.push({ type: 'conversion', event });
			}
		}

		return changes;
	}

	/** A file was deleted. */
	remove(path: string): DataChange[] {
		if (!this.known.delete(path)) {
			return [];
		}

		forgetFile(this.options.state, path);
		return [{ type: 'removed', path }];
	}

	/** A derived file is often still being written when it first appears: keep its events' sizes current. */
	private refreshEvents(file: DataFileInfo): void {
		for (const event of this.options.state.events) {
			if (event.derived.path === file.path) {
				event.derived.size = file.size;
				event.heldBytes = event.source.size + file.size;
				event.extraStorage = storageFootprint(file.size, this.options.assumptions());
			}
		}
	}

	private now(): number {
		return this.options.now?.() ?? Date.now();
	}
}
