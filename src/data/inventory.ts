/**
 * The inventory of data files under a folder: a bounded walk that skips dependency and VCS folders,
 * avoids symlink loops and reports unreadable folders instead of failing, plus a per-file inspection
 * (records estimate and personal-data flags) from a bounded sample of the head of the file.
 */
import { opendir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { ArrayConvention } from '../core/settings';
import { flattenForTable, type CellValue } from './flatten';
import { classifyDataFile, isTableable, type DataFileKind } from './formats';
import { findPersonalData, type PersonalDataFlag } from './personalData';
import { openRecordReader, type RecordLayout } from './recordReader';

/** A data file found on disk. */
export interface DataFileInfo {
	/** Absolute path. */
	path: string;
	/** Path relative to the scanned folder, with `/` separators. */
	relativePath: string;
	size: number;
	mtimeMs: number;
	kind: DataFileKind;
}

/** Something the walk could not read, and why. */
export interface ScanProblem {
	path: string;
	reason: string;
}

/** Result of walking a folder. */
export interface DataScan {
	root: string;
	files: DataFileInfo[];
	problems: ScanProblem[];
	/** Why the walk stopped early (time or file limit), when it did. */
	stoppedEarly?: string;
	elapsedMs: number;
}

export interface ScanOptions {
	/** Stop after this many data files (default 5000). */
	maxFiles?: number;
	/** Stop after this long, in milliseconds (default 10 s). */
	timeLimitMs?: number;
	signal?: AbortSignal;
}

/** Folders never walked: dependencies, VCS metadata, caches and Footprint's own state. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set([
	'node_modules',
	'.git',
	'.hg',
	'.svn',
	'.footprint',
	'__pycache__',
	'.venv',
	'.tox',
	'.cache',
	'.vscode',
	'.idea',
]);

function toSlashes(path: string): string {
	return sep === '/' ? path : path.split(sep).join('/');
}

/** Walks `root` for data files, breadth first, within the limits. Never throws for a subfolder. */
export async function scanDataFiles(root: string, options: ScanOptions = {}): Promise<DataScan> {
	const started = Date.now();
	const maxFiles = options.maxFiles ?? 5000;
	const deadline = started + (options.timeLimitMs ?? 10_000);
	const files: DataFileInfo[] = [];
	const problems: ScanProblem[] = [];
	const visited = new Set<string>();
	const queue: string[] = [root];
	let stoppedEarly: string | undefined;

	while (queue.length > 0) {
		if (options.signal?.aborted) {
			stoppedEarly = 'cancelled';
			break;
		}

		if (Date.now() > deadline) {
			stoppedEarly = `time limit of ${Math.round((deadline - started) / 1000)} s reached; ${queue.length} folders not read`;
			break;
		}

		const folder = queue.shift()!;
		let real: string;
		try {
			real = await realpath(folder);
		} catch (error) {
			problems.push({ path: folder, reason: describeError(error) });
			continue;
		}

		// A symlink back up the tree leads to a folder already seen: skipping it ends the loop.
		if (visited.has(real)) {
			continue;
		}

		visited.add(real);
		let entries;
		try {
			entries = await opendir(folder);
		} catch (error) {
			problems.push({ path: folder, reason: describeError(error) });
			continue;
		}

		try {
			for await (const entry of entries) {
				const path = join(folder, entry.name);
				if (entry.isDirectory()) {
					if (!SKIPPED_FOLDERS.has(entry.name)) {
						queue.push(path);
					}

					continue;
				}

				const kind = classifyDataFile(entry.name);
				if (!kind && !entry.isSymbolicLink()) {
					continue;
				}

				let stats;
				try {
					stats = await stat(path);
				} catch (error) {
					problems.push({ path, reason: describeError(error) });
					continue;
				}

				if (stats.isDirectory()) {
					if (!SKIPPED_FOLDERS.has(entry.name)) {
						queue.push(path);
					}

					continue;
				}

				if (!kind || !stats.isFile()) {
					continue;
				}

				files.push({
					path,
					relativePath: toSlashes(relative(root, path)),
					size: stats.size,
					mtimeMs: stats.mtimeMs,
					kind,
				});
				if (files.length >= maxFiles) {
					stoppedEarly = `file limit of ${maxFiles} data files reached`;
					break;
				}
			}
		} catch (error) {
			problems.push({ path: folder, reason: describeError(error) });
		}

		if (stoppedEarly) {
			break;
		}
	}

	files.sort((a, b) => a.relativePath.localeCompare(b.relativePath));
	return { root, files, problems, stoppedEarly, elapsedMs: Date.now() - started };
}

/** What a sample of a file's head says about it. */
export interface DataFileDetails {
	/** Records: counted when the whole file was read, else scaled from the sample. */
	records?: { estimate: number; exact: boolean };
	/** Columns seen in the sample (after flattening). */
	columns?: number;
	layout?: RecordLayout;
	/** The key holding the records in a JSON object, e.g. `features`. */
	bulkPath?: string;
	personalData: PersonalDataFlag[];
	sampledBytes: number;
	/** Why the file could not be sampled, when it could not. */
	error?: string;
}

export interface InspectOptions {
	arrays: ArrayConvention;
	/** Bytes of the head to read at most (default 256 kB). */
	sampleBytes?: number;
	/** Records to read at most (default 500). */
	sampleRecords?: number;
}

/**
 * Samples the head of a JSON, NDJSON, CSV or TSV file: records estimate, columns and personal-data
 * flags. Other formats return no details.
 * Limitation: the records estimate scales the head's bytes per record to the whole file, so a file
 * whose records grow or shrink along its length is estimated less well; gzip forms are not sampled.
 */
export async function inspectDataFile(
	file: DataFileInfo,
	options: InspectOptions,
): Promise<DataFileDetails> {
	if (!isTableable(file.kind)) {
		return { personalData: [], sampledBytes: 0 };
	}

	const sampleBytes = options.sampleBytes ?? 256_000;
	const sampleRecords = options.sampleRecords ?? 500;
	let reader;
	try {
		reader = await openRecordReader(file.path, { pageSize: 100, chunkBytes: 32 * 1024 });
	} catch (error) {
		return { personalData: [], sampledBytes: 0, error: describeError(error) };
	}

	const rows: Record<string, CellValue>[] = [];
	let dataStart = 0;
	let end = 0;
	let done = false;
	try {
		for (let page = 0; ; page++) {
			const read = await reader.readPage(page);
			if (page === 0) {
				dataStart = read.startOffset;
			}

			end = read.endOffset;
			for (const record of read.records) {
				rows.push(flattenForTable(record, options.arrays));
			}

			if (read.done) {
				done = true;
				break;
			}

			if (rows.length >= sampleRecords || end - dataStart >= sampleBytes) {
				break;
			}
		}
	} catch (error) {
		await reader.close();
		return {
			personalData: findPersonalData(rows),
			sampledBytes: end,
			layout: reader.layout,
			error: describeError(error),
		};
	}

	await reader.close();
	const columns = new Set<string>();
	for (const row of rows) {
		for (const column of Object.keys(row)) {
			columns.add(column);
		}
	}

	const bytesPerRecord = rows.length > 0 ? (end - dataStart) / rows.length : 0;
	const estimate = done
		? rows.length
		: bytesPerRecord > 0
			? Math.round((file.size - dataStart) / bytesPerRecord)
			: 0;
	return {
		records: { estimate, exact: done },
		columns: columns.size,
		layout: reader.layout,
		bulkPath: reader.bulkPath,
		personalData: findPersonalData(rows),
		sampledBytes: end,
	};
}

/** A one-line reason from a file-system error, e.g. `permission denied (EACCES)`. */
export function describeError(error: unknown): string {
	const code = (error as { code?: unknown }).code;
	const known: Record<string, string> = {
		EACCES: 'permission denied',
		EPERM: 'not permitted',
		ENOENT: 'no longer exists',
		ELOOP: 'symbolic link loop',
		ENOTDIR: 'not a folder',
	};
	if (typeof code === 'string' && known[code]) {
		return `${known[code]} (${code})`;
	}

	return error instanceof Error ? error.message : String(error);
}
