/**
 * What Footprint remembers about data files between runs: the size and time each file was first
 * seen (for growth) and the conversion events found. A small JSON file, written atomically.
 *
 * Where it lives: the extension keeps it in its global storage, the CLI in the user's state folder
 * (`$XDG_STATE_HOME/footprint/data/`, else `~/.local/state/footprint/data/`, `%LOCALAPPDATA%` on
 * Windows), one file per scanned folder named by a hash of the folder's path. Never inside the
 * scanned folder: a repository should not grow a file that would end up committed by accident.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ConversionEvent } from './conversionEvents';

/** Sizes of one file over time. */
export interface FileHistory {
	firstSeenSize: number;
	/** ISO 8601. */
	firstSeenAt: string;
	lastSize: number;
	lastSeenAt: string;
}

/** The persisted state; files are keyed by absolute path. */
export interface DataState {
	version: 1;
	files: Record<string, FileHistory>;
	events: ConversionEvent[];
}

/** Conversion events kept at most; older ones are dropped first. */
export const MAX_EVENTS = 200;

/** Growth of a file since Footprint first saw it. */
export interface Growth {
	bytes: number;
	/** Relative growth (0.25 = +25 %); undefined when the file was empty when first seen. */
	fraction: number | undefined;
	firstSeenAt: string;
	firstSeenSize: number;
}

/** A fresh, empty state. */
export function emptyDataState(): DataState {
	return { version: 1, files: {}, events: [] };
}

/**
 * Reads the state. A missing file is an empty state; a damaged one is moved aside (kept, never
 * deleted) and reported as a problem, and an empty state is used.
 */
export async function loadDataState(path: string): Promise<{ state: DataState; problem?: string }> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		if ((error as { code?: string }).code === 'ENOENT') {
			return { state: emptyDataState() };
		}

		return { state: emptyDataState(), problem: `cannot read ${path}: ${String(error)}` };
	}

	try {
		const parsed = JSON.parse(text) as Partial<DataState>;
		if (parsed.version !== 1 || typeof parsed.files !== 'object' || parsed.files === null) {
			throw new Error('unknown layout');
		}

		return {
			state: {
				version: 1,
				files: parsed.files,
				events: Array.isArray(parsed.events) ? parsed.events : [],
			},
		};
	} catch (error) {
		const aside = `${path}.damaged-${Date.now()}`;
		try {
			await rename(path, aside);
		} catch {
			// Keeping the damaged file in place is fine: it is only overwritten on the next save.
		}

		return {
			state: emptyDataState(),
			problem: `the data state file was damaged (${error instanceof Error ? error.message : String(error)}); kept as ${aside}, starting afresh`,
		};
	}
}

/** Writes the state atomically (a temporary file, then a rename). */
export async function saveDataState(path: string, state: DataState): Promise<void> {
	await mkdir(dirname(path), { recursive: true });
	const temporary = `${path}.${process.pid}.tmp`;
	await writeFile(temporary, JSON.stringify(state), 'utf8');
	await rename(temporary, path);
}

/**
 * Records that a file exists with a size now, and returns its growth since first seen. A file seen
 * for the first time starts its history at this size.
 */
export function observeFile(
	state: DataState,
	path: string,
	size: number,
	nowMs: number,
): { growth: Growth; firstTime: boolean } {
	const now = new Date(nowMs).toISOString();
	let history = state.files[path];
	const firstTime = history === undefined;
	if (!history) {
		history = { firstSeenSize: size, firstSeenAt: now, lastSize: size, lastSeenAt: now };
		state.files[path] = history;
	} else {
		history.lastSize = size;
		history.lastSeenAt = now;
	}

	return { growth: growthOf(history, size), firstTime };
}

/** Growth of a file from its history to a current size. */
export function growthOf(history: FileHistory, size: number): Growth {
	const bytes = size - history.firstSeenSize;
	return {
		bytes,
		fraction: history.firstSeenSize > 0 ? bytes / history.firstSeenSize : undefined,
		firstSeenAt: history.firstSeenAt,
		firstSeenSize: history.firstSeenSize,
	};
}

/** Forgets a removed file, so a new file at the same path starts a new history. */
export function forgetFile(state: DataState, path: string): void {
	delete state.files[path];
}

/** Adds an event, dropping the oldest beyond MAX_EVENTS. */
export function addEvent(state: DataState, event: ConversionEvent): void {
	state.events.push(event);
	if (state.events.length > MAX_EVENTS) {
		state.events.splice(0, state.events.length - MAX_EVENTS);
	}
}

/** The CLI's state file for a scanned folder (see the module comment for why it lives there). */
export function defaultStatePath(
	root: string,
	env: NodeJS.ProcessEnv = process.env,
	home: string = homedir(),
	platform: NodeJS.Platform = process.platform,
): string {
	const base =
		env.FOOTPRINT_STATE_DIR ??
		(platform === 'win32'
			? join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'footprint')
			: join(env.XDG_STATE_HOME ?? join(home, '.local', 'state'), 'footprint'));
	const hash = createHash('sha256').update(resolve(root)).digest('hex').slice(0, 16);
	return join(base, 'data', `${hash}.json`);
}

/** Text for a growth, e.g. `+1.2 MB (+30 %) since 2026-11-02`, or `unchanged since …`. */
export function describeGrowth(growth: Growth, formatBytes: (bytes: number) => string): string {
	const since = growth.firstSeenAt.slice(0, 10);
	if (growth.bytes === 0) {
		return `unchanged since ${since}`;
	}

	const sign = growth.bytes > 0 ? '+' : '−';
	const percent =
		growth.fraction === undefined
			? ''
			: ` (${sign}${Math.abs(Math.round(growth.fraction * 100))} %)`;
	return `${sign}${formatBytes(Math.abs(growth.bytes))}${percent} since ${since}`;
}
