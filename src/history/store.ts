/**
 * The local task history: an append-only JSON Lines file of FootprintRecords in a folder the caller
 * owns (the extension's global storage). Nothing leaves the machine.
 *
 * Crash safety: each append is one `write` of a whole line (O_APPEND) followed by `fdatasync`, so a
 * record whose append resolved survives a kill of the process and a power cut. A crash during a write
 * can leave at most one torn line at the end; opening skips it with a warning and cuts it off, so the
 * next append starts on a fresh line. Unparsable lines in the middle are skipped the same way, and
 * records of an unknown schema version are kept in the file untouched (a newer Footprint may read
 * them) but not shown. Deletions append a tombstone line; retention and Forget History rewrite the
 * file by write-temp + fsync + rename, which is atomic on POSIX file systems.
 */
import { constants } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { SCHEMA_VERSION, type FootprintRecord } from '../core/record';
import { silentLogger, type Logger } from '../core/logger';

/** The history file's name inside the storage folder. */
export const HISTORY_FILE = 'history.jsonl';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A line that marks an earlier record as deleted. */
interface Tombstone {
	deleted: string;
	at: string;
}

/** Options for {@link HistoryStore.open}. */
export interface HistoryStoreOptions {
	logger?: Logger;
	/** Records that ended more than this many days ago are removed on open and by {@link HistoryStore.applyRetention}. */
	retentionDays?: number;
	/** Clock for retention, for tests. */
	now?: () => number;
}

/** What opening found in the file, for the log and for tests. */
export interface OpenReport {
	records: number;
	tornTail: boolean;
	skippedLines: number;
	unknownVersionLines: number;
	expired: number;
}

/**
 * The history of finished tasks. Every method that touches the file runs through one queue, so
 * concurrent appends, deletions and rewrites never interleave.
 */
export class HistoryStore {
	private records = new Map<string, FootprintRecord>();
	/** Raw lines of records this version cannot read; carried over by rewrites. */
	private keptAside: string[] = [];
	private tombstoneCount = 0;
	private queue: Promise<unknown> = Promise.resolve();
	private readonly listeners = new Set<() => void>();
	private readonly logger: Logger;
	private readonly now: () => number;
	private retentionDays: number;
	/** What the last open found. */
	openReport: OpenReport = {
		records: 0,
		tornTail: false,
		skippedLines: 0,
		unknownVersionLines: 0,
		expired: 0,
	};

	private constructor(
		readonly folder: string,
		options: HistoryStoreOptions,
	) {
		this.logger = options.logger ?? silentLogger;
		this.now = options.now ?? Date.now;
		this.retentionDays = options.retentionDays ?? 90;
	}

	/** The history file's full path. */
	get file(): string {
		return path.join(this.folder, HISTORY_FILE);
	}

	/**
	 * Opens (creating the folder if needed) and reads the history. Never rejects because of the file's
	 * content: damaged lines are skipped and logged. Rejects only if the folder cannot be created.
	 */
	static async open(folder: string, options: HistoryStoreOptions = {}): Promise<HistoryStore> {
		const store = new HistoryStore(folder, options);
		await fs.mkdir(folder, { recursive: true });
		await store.enqueue(() => store.load());
		if (store.openReport.expired > 0) {
			await store.enqueue(() => store.rewrite());
		}

		return store;
	}

	/** All readable records, oldest first by end time. */
	list(): FootprintRecord[] {
		return [...this.records.values()].sort((a, b) => a.endedAt.localeCompare(b.endedAt));
	}

	/** One record by id. */
	get(id: string): FootprintRecord | undefined {
		return this.records.get(id);
	}

	/** Calls `listener` after every change; returns a function that stops it. */
	onDidChange(listener: () => void): { dispose(): void } {
		this.listeners.add(listener);
		return { dispose: () => this.listeners.delete(listener) };
	}

	/** Appends one record; resolves once it is on disk (written and fdatasync'ed). */
	async append(record: FootprintRecord): Promise<void> {
		const line = `${JSON.stringify(record)}\n`;
		await this.enqueue(async () => {
			await this.writeLine(line);
			this.records.set(record.id, record);
		});
		this.fire();
	}

	/** Deletes one record by appending a tombstone; resolves to false if there was no such record. */
	async delete(id: string): Promise<boolean> {
		const found = await this.enqueue(async () => {
			if (!this.records.has(id)) {
				return false;
			}

			const tombstone: Tombstone = { deleted: id, at: new Date(this.now()).toISOString() };
			await this.writeLine(`${JSON.stringify(tombstone)}\n`);
			this.records.delete(id);
			this.tombstoneCount++;
			return true;
		});
		if (found) {
			this.fire();
		}

		return found;
	}

	/** Changes the retention and removes records older than it; resolves to how many were removed. */
	async applyRetention(days: number): Promise<number> {
		this.retentionDays = days;
		const removed = await this.enqueue(async () => {
			const count = this.expire();
			if (count > 0) {
				await this.rewrite();
			}

			return count;
		});
		if (removed > 0) {
			this.fire();
		}

		return removed;
	}

	/** Rewrites the file without tombstones and deleted records (write-temp + rename). */
	async compact(): Promise<void> {
		await this.enqueue(() => this.rewrite());
	}

	/** Forget History: deletes the file and everything in memory, records kept aside included. */
	async forget(): Promise<void> {
		await this.enqueue(async () => {
			await fs.rm(this.file, { force: true });
			await fs.rm(`${this.file}.tmp`, { force: true });
			this.records.clear();
			this.keptAside = [];
			this.tombstoneCount = 0;
		});
		this.fire();
	}

	/** Resolves when every operation queued so far has finished. */
	async flush(): Promise<void> {
		await this.enqueue(async () => undefined);
	}

	private enqueue<T>(operation: () => Promise<T>): Promise<T> {
		const result = this.queue.then(operation);
		// The queue goes on after a failure; the caller still sees the rejection.
		this.queue = result.catch(() => undefined);
		return result;
	}

	private fire(): void {
		for (const listener of this.listeners) {
			try {
				listener();
			} catch (error) {
				this.logger.error(`history listener failed: ${String(error)}`);
			}
		}
	}

	/** One write of a whole line, then fdatasync: a line is either all there or (torn) the last one. */
	private async writeLine(line: string): Promise<void> {
		const handle = await fs.open(
			this.file,
			constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT,
		);
		try {
			const bytes = Buffer.from(line, 'utf8');
			let written = 0;
			while (written < bytes.length) {
				// A regular-file write normally takes every byte at once; looping covers the rare short write.
				const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
				written += bytesWritten;
			}

			// Records come at the pace of finished tasks (a few a minute at most), so one fdatasync per
			// record costs little and makes "resolved" mean "survives a power cut", not only a kill.
			await handle.datasync();
		} finally {
			await handle.close();
		}
	}

	private async load(): Promise<void> {
		const report: OpenReport = {
			records: 0,
			tornTail: false,
			skippedLines: 0,
			unknownVersionLines: 0,
			expired: 0,
		};
		let text: string;
		try {
			text = await fs.readFile(this.file, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
				this.logger.error(`history: cannot read ${this.file}: ${String(error)}; starting empty`);
			}

			this.openReport = report;
			return;
		}

		const lines = text.split('\n');
		// Everything after the last newline was being written when the process stopped.
		const tail = lines.pop() ?? '';
		if (tail.trim() !== '') {
			report.tornTail = true;
			const complete = this.tryParse(tail) !== undefined;
			if (complete) {
				// The whole line made it but its newline did not: keep it and finish the line.
				lines.push(tail);
				await fs.appendFile(this.file, '\n');
				this.logger.warn('history: the last line had no line end; kept it and added one');
			} else {
				await fs.truncate(
					this.file,
					Buffer.byteLength(text, 'utf8') - Buffer.byteLength(tail, 'utf8'),
				);
				this.logger.warn(
					`history: skipped a torn last line (${Buffer.byteLength(tail, 'utf8')} bytes), left by an interrupted write`,
				);
			}
		}

		lines.forEach((line, index) => {
			if (line.trim() === '') {
				return;
			}

			const value = this.tryParse(line);
			if (typeof value !== 'object' || value === null || Array.isArray(value)) {
				report.skippedLines++;
				this.logger.warn(`history: skipped unreadable line ${index + 1}`);
				return;
			}

			const object = value as Record<string, unknown>;
			if (typeof object.deleted === 'string') {
				this.records.delete(object.deleted);
				this.tombstoneCount++;
				return;
			}

			if (typeof object.schemaVersion === 'number' && object.schemaVersion !== SCHEMA_VERSION) {
				report.unknownVersionLines++;
				this.keptAside.push(line);
				return;
			}

			if (typeof object.id !== 'string' || typeof object.endedAt !== 'string') {
				report.skippedLines++;
				this.logger.warn(`history: skipped line ${index + 1}: not a footprint record`);
				return;
			}

			this.records.set(object.id, object as unknown as FootprintRecord);
		});
		if (report.unknownVersionLines > 0) {
			this.logger.warn(
				`history: ${report.unknownVersionLines} records of another schema version kept in the file but not shown`,
			);
		}

		report.expired = this.expire();
		report.records = this.records.size;
		this.openReport = report;
	}

	private tryParse(line: string): unknown {
		try {
			return JSON.parse(line) as unknown;
		} catch {
			return undefined;
		}
	}

	/** Drops records that ended before the retention window from memory; returns how many. */
	private expire(): number {
		const cutoff = this.now() - this.retentionDays * DAY_MS;
		let count = 0;
		for (const [id, record] of this.records) {
			const ended = Date.parse(record.endedAt);
			if (Number.isFinite(ended) && ended < cutoff) {
				this.records.delete(id);
				count++;
			}
		}

		return count;
	}

	/**
	 * Writes the live records (and lines kept aside) to a temporary file, syncs it, and renames it
	 * over the history, so a crash leaves either the old file or the new one, never a mix.
	 */
	private async rewrite(): Promise<void> {
		// Limitation: two editor windows share one history file. Appends from both are safe (O_APPEND),
		// but a rewrite in one window drops a record appended by the other since this window read the
		// file. Rewrites are rare (retention on open, compaction), so the window is small.
		const temporary = `${this.file}.tmp`;
		const body = [...this.keptAside, ...this.list().map((record) => JSON.stringify(record))].join(
			'\n',
		);
		const handle = await fs.open(temporary, 'w');
		try {
			await handle.writeFile(body === '' ? '' : `${body}\n`, 'utf8');
			await handle.sync();
		} finally {
			await handle.close();
		}

		await fs.rename(temporary, this.file);
		this.tombstoneCount = 0;
		await this.syncFolder();
	}

	/** Makes the rename itself durable; some platforms cannot open a folder, which is harmless. */
	private async syncFolder(): Promise<void> {
		try {
			const handle = await fs.open(this.folder, 'r');
			try {
				await handle.sync();
			} finally {
				await handle.close();
			}
		} catch {
			// Windows cannot fsync a directory; the rename is still atomic there.
		}
	}

	/** Number of tombstone lines in the file since the last rewrite. */
	get pendingTombstones(): number {
		return this.tombstoneCount;
	}
}
