/**
 * A streaming record reader for JSON arrays (also an object whose bulk is one array), NDJSON and
 * CSV/TSV. It reads the file in chunks through a file handle and never holds more than one chunk plus
 * the record being read, so a 200 MB file is paged with bounded memory. Pages are read on demand; the
 * byte offset where each page starts is kept once known, so going back to a page is one seek.
 *
 * Structural bytes of JSON and CSV ({ } [ ] " , \ and line ends) are ASCII and never appear inside a
 * UTF-8 multi-byte sequence, so scanning raw bytes finds record boundaries without decoding.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import {
	isWhitespace,
	stepInString,
	type JsonStringState,
} from '../estimators/conversion/jsonScan';
import { classifyDataFile } from './formats';

/** How the records are laid out in the file. */
export type RecordLayout = 'jsonArray' | 'jsonBulkArray' | 'jsonSingle' | 'ndjson' | 'csv' | 'tsv';

/** A problem with the file, with a message meant for the user. */
export class RecordReaderError extends Error {
	constructor(
		message: string,
		/** Byte offset where the problem was found, when known. */
		readonly offset?: number,
	) {
		super(message);
		this.name = 'RecordReaderError';
	}
}

export interface RecordReaderOptions {
	/** Records per page (default 200). */
	pageSize?: number;
	/** Bytes read per file read (default 64 KiB). */
	chunkBytes?: number;
	/** Largest single record accepted (default 8 MB); a larger one is reported, not loaded. */
	maxRecordBytes?: number;
	/** Overrides the format taken from the file name. */
	format?: 'json' | 'ndjson' | 'csv' | 'tsv';
}

/** One page of records. */
export interface RecordPage {
	index: number;
	/** Parsed records: JSON values, or for CSV/TSV objects keyed by the header. */
	records: unknown[];
	/** Byte offsets of the page's first record and just after its last. */
	startOffset: number;
	endOffset: number;
	/** True when the file has no records after this page. */
	done: boolean;
}

const DEFAULT_PAGE_SIZE = 200;
const DEFAULT_CHUNK_BYTES = 64 * 1024;
const DEFAULT_MAX_RECORD_BYTES = 8 * 1000 * 1000;

const QUOTE = 0x22;
const COMMA = 0x2c;
const TAB = 0x09;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;

function describeByte(byte: number): string {
	return byte >= 0x20 && byte < 0x7f
		? `'${String.fromCharCode(byte)}'`
		: `byte 0x${byte.toString(16)}`;
}

/** A window on the file: the bytes from `base` on, refilled chunk by chunk. */
class FileWindow {
	buffer: Buffer = Buffer.alloc(0);
	base = 0;
	private ended = false;

	constructor(
		private readonly handle: FileHandle,
		private readonly chunkBytes: number,
		private readonly maxKeptBytes: number,
		private readonly path: string,
	) {}

	/** Starts reading at an absolute offset, dropping what was buffered. */
	seek(offset: number): void {
		this.buffer = Buffer.alloc(0);
		this.base = offset;
		this.ended = false;
	}

	/**
	 * Reads the next chunk, keeping bytes from `keepFrom` (absolute) on. Returns false at the end of
	 * the file. Throws when the kept part would pass the record limit.
	 */
	async more(keepFrom: number): Promise<boolean> {
		if (this.ended) {
			return false;
		}

		const end = this.base + this.buffer.length;
		// Bytes before `base` are gone already; a keep point past the end starts a fresh window there.
		const keepAt = Math.max(keepFrom, this.base);
		const kept = keepAt >= end ? Buffer.alloc(0) : this.buffer.subarray(keepAt - this.base);
		if (kept.length > this.maxKeptBytes) {
			throw new RecordReaderError(
				`${basename(this.path)}: a single record at byte ${keepFrom} is larger than ` +
					`${Math.round(this.maxKeptBytes / 1e6)} MB; it cannot be shown as table rows`,
				keepFrom,
			);
		}

		const readAt = Math.max(end, keepAt);
		const chunk = Buffer.allocUnsafe(this.chunkBytes);
		const { bytesRead } = await this.handle.read(chunk, 0, this.chunkBytes, readAt);
		if (bytesRead === 0) {
			this.ended = true;
			return false;
		}

		this.buffer = Buffer.concat([kept, chunk.subarray(0, bytesRead)]);
		this.base = keepAt;
		return true;
	}
}

/** A scanned record: its bytes' range and, unless only indexing, its parsed value. */
interface Scanned {
	start: number;
	end: number;
	value: unknown;
}

/**
 * Reads a data file page by page. Create with `openRecordReader`; always `close()` when done.
 */
export class RecordReader {
	/** Offsets where each known page starts; [0] is the first record. */
	private readonly pageStarts: number[];
	/** Index of the last page, once the end of the file has been seen. */
	private lastPage: number | undefined;
	private header: string[] = [];
	private readonly window: FileWindow;

	private constructor(
		readonly path: string,
		private readonly handle: FileHandle,
		readonly layout: RecordLayout,
		/** For `jsonBulkArray`: the key holding the records, e.g. `features`. */
		readonly bulkPath: string | undefined,
		dataStart: number,
		/** File size in bytes when opened. */
		readonly size: number,
		private readonly mtimeMs: number,
		readonly pageSize: number,
		chunkBytes: number,
		maxRecordBytes: number,
	) {
		this.pageStarts = [dataStart];
		this.window = new FileWindow(handle, chunkBytes, maxRecordBytes, path);
	}

	/** Opens a file and works out its layout from its name and first bytes. */
	static async open(path: string, options: RecordReaderOptions = {}): Promise<RecordReader> {
		const kind = classifyDataFile(path);
		const format = options.format ?? kind?.format;
		if (format !== 'json' && format !== 'ndjson' && format !== 'csv' && format !== 'tsv') {
			throw new RecordReaderError(
				`${basename(path)}: only JSON, NDJSON, CSV and TSV files can be read as records`,
			);
		}

		if (kind?.gzip) {
			throw new RecordReaderError(`${basename(path)}: compressed files cannot be read as records`);
		}

		let handle: FileHandle;
		try {
			handle = await open(path, 'r');
		} catch (error) {
			throw new RecordReaderError(`${basename(path)}: cannot open (${errorCode(error)})`);
		}

		try {
			const stats = await handle.stat();
			if (!stats.isFile()) {
				throw new RecordReaderError(`${basename(path)}: not a regular file`);
			}

			const pageSize = Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE));
			const chunkBytes = Math.max(16, Math.floor(options.chunkBytes ?? DEFAULT_CHUNK_BYTES));
			const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
			const probe = new FileWindow(handle, chunkBytes, maxRecordBytes, path);
			const layout = await detectLayout(probe, format, path);
			const reader = new RecordReader(
				path,
				handle,
				layout.layout,
				layout.bulkPath,
				layout.dataStart,
				stats.size,
				stats.mtimeMs,
				pageSize,
				chunkBytes,
				maxRecordBytes,
			);
			if (layout.layout === 'csv' || layout.layout === 'tsv') {
				await reader.readHeader();
			}

			return reader;
		} catch (error) {
			await handle.close();
			throw error;
		}
	}

	/** Column names of a CSV/TSV file (empty for JSON). */
	get columns(): readonly string[] {
		return this.header;
	}

	/** Pages known so far, and whether the last one has been found. */
	get knownPages(): { count: number; complete: boolean } {
		return {
			count: this.lastPage !== undefined ? this.lastPage + 1 : this.pageStarts.length,
			complete: this.lastPage !== undefined,
		};
	}

	/**
	 * Reads one page. Pages before it that were never read are scanned (not parsed) to find where it
	 * starts. Past the end: an empty page with `done`.
	 */
	async readPage(index: number): Promise<RecordPage> {
		if (!Number.isInteger(index) || index < 0) {
			throw new RecordReaderError(`page ${index} does not exist`);
		}

		await this.checkUnchanged();
		if (this.lastPage !== undefined && index > this.lastPage) {
			const end = this.pageStarts[this.pageStarts.length - 1];
			return { index, records: [], startOffset: end, endOffset: end, done: true };
		}

		while (this.pageStarts.length <= index) {
			const known = this.pageStarts.length - 1;
			const skipped = await this.scanPage(known, false);
			if (skipped.done) {
				return {
					index,
					records: [],
					startOffset: skipped.endOffset,
					endOffset: skipped.endOffset,
					done: true,
				};
			}
		}

		return this.scanPage(index, true);
	}

	/** Closes the file handle. */
	async close(): Promise<void> {
		await this.handle.close();
	}

	private async checkUnchanged(): Promise<void> {
		let stats;
		try {
			stats = await this.handle.stat();
		} catch (error) {
			throw new RecordReaderError(
				`${basename(this.path)}: cannot be read any more (${errorCode(error)})`,
			);
		}

		if (stats.size !== this.size || stats.mtimeMs !== this.mtimeMs) {
			throw new RecordReaderError(
				`${basename(this.path)} changed on disk while it was open; open it again to see the new content`,
			);
		}
	}

	private async scanPage(index: number, parse: boolean): Promise<RecordPage> {
		const startOffset = this.pageStarts[index];
		this.window.seek(startOffset);
		let position = startOffset;
		const records: unknown[] = [];
		let done = false;
		while (records.length < this.pageSize) {
			const scanned = await this.next(position, parse);
			if (!scanned) {
				done = true;
				break;
			}

			records.push(scanned.value);
			position = scanned.end;
		}

		// A full page may still be the last one: look ahead cheaply for another record.
		if (!done) {
			done = !(await this.hasRecordAt(position));
		}

		if (index + 1 === this.pageStarts.length && !done) {
			this.pageStarts.push(position);
		}

		if (done) {
			this.lastPage = records.length === 0 && index > 0 ? index - 1 : index;
			if (this.pageStarts.length === index + 1) {
				this.pageStarts.push(position);
			}
		}

		return { index, records, startOffset, endOffset: position, done };
	}

	private async hasRecordAt(position: number): Promise<boolean> {
		const window = this.window;
		let i = position - window.base;
		for (;;) {
			if (i >= window.buffer.length) {
				const before = window.base;
				if (!(await window.more(position))) {
					return false;
				}

				i -= window.base - before;
				continue;
			}

			const byte = window.buffer[i];
			const json = this.layout === 'jsonArray' || this.layout === 'jsonBulkArray';
			if (isWhitespace(byte) || (json && byte === COMMA)) {
				i++;
				continue;
			}

			return !(json && byte === CLOSE_BRACKET);
		}
	}

	private next(position: number, parse: boolean): Promise<Scanned | undefined> {
		switch (this.layout) {
			case 'jsonArray':
			case 'jsonBulkArray':
				return this.nextArrayElement(position, parse);
			case 'jsonSingle':
				return this.nextSingle(position, parse);
			case 'ndjson':
				return this.nextLine(position, parse);
			case 'csv':
			case 'tsv':
				return this.nextCsvRow(position, parse);
		}
	}

	/** The one record of a JSON file that is a single object. */
	private async nextSingle(position: number, parse: boolean): Promise<Scanned | undefined> {
		const start = await skipSpace(this.window, position);
		if (start === undefined) {
			return undefined;
		}

		const end = await scanJsonValue(this.window, start, this.path);
		const trailing = await skipSpace(this.window, end, start);
		if (trailing !== undefined) {
			throw new RecordReaderError(
				`${basename(this.path)}: unexpected ${describeByte(byteAt(this.window, trailing))} after the JSON value at byte ${trailing}`,
				trailing,
			);
		}

		return { start, end, value: parse ? parseJson(this.window, start, end, this.path) : undefined };
	}

	private async nextArrayElement(position: number, parse: boolean): Promise<Scanned | undefined> {
		const window = this.window;
		let start = await skipSpace(window, position);
		if (start === undefined) {
			throw new RecordReaderError(
				`${basename(this.path)}: the file ends inside the array (truncated?) at byte ${window.base + window.buffer.length}`,
				window.base + window.buffer.length,
			);
		}

		if (byteAt(window, start) === COMMA) {
			if (position === this.pageStarts[0]) {
				throw new RecordReaderError(
					`${basename(this.path)}: unexpected ',' at byte ${start}`,
					start,
				);
			}

			start = await skipSpace(window, start + 1);
			if (start === undefined) {
				throw new RecordReaderError(
					`${basename(this.path)}: the file ends inside the array (truncated?)`,
				);
			}
		}

		const first = byteAt(window, start);
		if (first === CLOSE_BRACKET) {
			return undefined;
		}

		const end = await scanJsonValue(window, start, this.path);
		// Keep the record's bytes while looking for the separator after it: they are parsed below.
		const after = await skipSpace(window, end, start);
		const following = after === undefined ? undefined : byteAt(window, after);
		if (following !== COMMA && following !== CLOSE_BRACKET) {
			const where = after ?? window.base + window.buffer.length;
			throw new RecordReaderError(
				following === undefined
					? `${basename(this.path)}: the file ends inside the array (truncated?) at byte ${where}`
					: `${basename(this.path)}: expected ',' or ']' but found ${describeByte(following)} at byte ${where}`,
				where,
			);
		}

		return { start, end, value: parse ? parseJson(window, start, end, this.path) : undefined };
	}

	private async nextLine(position: number, parse: boolean): Promise<Scanned | undefined> {
		const window = this.window;
		let start = position;
		for (;;) {
			const lineStart = await skipSpace(window, start);
			if (lineStart === undefined) {
				return undefined;
			}

			let i = lineStart - window.base;
			let end: number | undefined;
			for (;;) {
				if (i >= window.buffer.length) {
					const before = window.base;
					if (!(await window.more(lineStart))) {
						end = window.base + window.buffer.length;
						break;
					}

					i -= window.base - before;
					continue;
				}

				if (window.buffer[i] === NEWLINE) {
					end = window.base + i;
					break;
				}

				i++;
			}

			const text = window.buffer
				.subarray(lineStart - window.base, end - window.base)
				.toString('utf8')
				.trim();
			if (text.length === 0) {
				start = end + 1;
				continue;
			}

			let value: unknown;
			if (parse) {
				try {
					value = JSON.parse(text);
				} catch (error) {
					throw new RecordReaderError(
						`${basename(this.path)}: line at byte ${lineStart} is not valid JSON (${errorMessage(error)})`,
						lineStart,
					);
				}
			}

			return { start: lineStart, end: Math.min(end + 1, this.size), value };
		}
	}

	private async readHeader(): Promise<void> {
		const position = this.pageStarts[0];
		this.window.seek(position);
		const row = await this.scanCsvRow(position);
		if (!row) {
			this.header = [];
			return;
		}

		const seen = new Map<string, number>();
		this.header = row.fields.map((name, index) => {
			const base = name.length > 0 ? name : `column ${index + 1}`;
			const count = seen.get(base) ?? 0;
			seen.set(base, count + 1);
			return count === 0 ? base : `${base} (${count + 1})`;
		});
		this.pageStarts[0] = row.end;
	}

	private async nextCsvRow(position: number, parse: boolean): Promise<Scanned | undefined> {
		const row = await this.scanCsvRow(position);
		if (!row) {
			return undefined;
		}

		let value: Record<string, string> | undefined;
		if (parse) {
			value = {};
			row.fields.forEach((field, index) => {
				const name = this.header[index] ?? `column ${index + 1}`;
				value![name] = field;
			});
		}

		return { start: row.start, end: row.end, value };
	}

	/** One CSV/TSV row (RFC 4180 quoting: "" inside quotes, line ends inside quotes kept). */
	private async scanCsvRow(
		position: number,
	): Promise<{ start: number; end: number; fields: string[] } | undefined> {
		const window = this.window;
		const delimiter = this.layout === 'tsv' ? TAB : COMMA;
		let start = position;
		// Skip blank lines between rows.
		for (;;) {
			if (start - window.base >= window.buffer.length) {
				if (!(await window.more(start))) {
					return undefined;
				}

				continue;
			}

			const byte = window.buffer[start - window.base];
			if (byte === NEWLINE || byte === RETURN) {
				start++;
				continue;
			}

			break;
		}

		const fields: string[] = [];
		let field: number[] | undefined;
		let fieldStart = start;
		let quoted = false;
		let quoteStart = 0;
		let i = start - window.base;
		let afterQuote = false;
		const finishField = (endAbsolute: number) => {
			if (field) {
				fields.push(Buffer.from(field).toString('utf8'));
				field = undefined;
			} else {
				fields.push(
					window.buffer
						.subarray(fieldStart - window.base, endAbsolute - window.base)
						.toString('utf8'),
				);
			}
		};

		for (;;) {
			if (i >= window.buffer.length) {
				const before = window.base;
				if (!(await window.more(start))) {
					if (quoted) {
						throw new RecordReaderError(
							`${basename(this.path)}: a quoted field opened at byte ${quoteStart} is never closed (truncated?)`,
							quoteStart,
						);
					}

					finishField(window.base + window.buffer.length);
					return { start, end: window.base + window.buffer.length, fields };
				}

				i -= window.base - before;
				continue;
			}

			const byte = window.buffer[i];
			if (quoted) {
				if (byte === QUOTE) {
					// A doubled quote is a literal quote; a single one closes the field.
					if (i + 1 >= window.buffer.length) {
						const before = window.base;
						if (await window.more(start)) {
							i -= window.base - before;
							continue;
						}
					}

					if (window.buffer[i + 1] === QUOTE) {
						field!.push(QUOTE);
						i += 2;
						continue;
					}

					quoted = false;
					afterQuote = true;
					i++;
					continue;
				}

				field!.push(byte);
				i++;
				continue;
			}

			if (byte === delimiter) {
				finishField(window.base + i);
				afterQuote = false;
				i++;
				fieldStart = window.base + i;
				continue;
			}

			if (byte === NEWLINE || byte === RETURN) {
				const endOfField = window.base + i;
				finishField(endOfField);
				let end = endOfField + 1;
				if (byte === RETURN) {
					if (i + 1 >= window.buffer.length) {
						const before = window.base;
						if (await window.more(start)) {
							i -= window.base - before;
						}
					}

					if (window.buffer[i + 1] === NEWLINE) {
						end++;
					}
				}

				return { start, end, fields };
			}

			if (byte === QUOTE && window.base + i === fieldStart && !afterQuote) {
				quoted = true;
				quoteStart = window.base + i;
				field = [];
				i++;
				continue;
			}

			if (afterQuote) {
				// Text after a closing quote (`"a"b`): keep it, as most readers do.
				field = field ?? [];
				field.push(byte);
				i++;
				continue;
			}

			i++;
		}
	}
}

/** Opens a data file for paged reading; see `RecordReader`. */
export function openRecordReader(
	path: string,
	options?: RecordReaderOptions,
): Promise<RecordReader> {
	return RecordReader.open(path, options);
}

function byteAt(window: FileWindow, absolute: number): number {
	return window.buffer[absolute - window.base];
}

/** The offset of the next non-space byte from `position`, or undefined at the end of the file. */
async function skipSpace(
	window: FileWindow,
	position: number,
	keepFrom?: number,
): Promise<number | undefined> {
	let i = position - window.base;
	for (;;) {
		if (i >= window.buffer.length) {
			const before = window.base;
			if (!(await window.more(keepFrom ?? window.base + i))) {
				return undefined;
			}

			i -= window.base - before;
			continue;
		}

		if (!isWhitespace(window.buffer[i])) {
			return window.base + i;
		}

		i++;
	}
}

/** Scans one JSON value starting at `start`; returns the offset just after it. */
async function scanJsonValue(window: FileWindow, start: number, path: string): Promise<number> {
	let i = start - window.base;
	let depth = 0;
	const string: JsonStringState = { inString: false, escaped: false };
	const first = window.buffer[i];
	const scalar = first !== OPEN_BRACE && first !== OPEN_BRACKET && first !== QUOTE;
	for (;;) {
		if (i >= window.buffer.length) {
			const before = window.base;
			if (!(await window.more(start))) {
				if (scalar && depth === 0 && !string.inString) {
					return window.base + window.buffer.length;
				}

				throw new RecordReaderError(
					`${basename(path)}: the file ends inside a record that starts at byte ${start} (truncated?)`,
					start,
				);
			}

			i -= window.base - before;
			continue;
		}

		const byte = window.buffer[i];
		if (string.inString) {
			if (stepInString(string, byte) && depth === 0) {
				return window.base + i + 1;
			}

			i++;
			continue;
		}

		if (scalar) {
			if (isWhitespace(byte) || byte === COMMA || byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
				return window.base + i;
			}

			i++;
			continue;
		}

		if (byte === QUOTE) {
			string.inString = true;
		} else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
			depth++;
		} else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
			depth--;
			if (depth === 0) {
				return window.base + i + 1;
			}
		}

		i++;
	}
}

function parseJson(window: FileWindow, start: number, end: number, path: string): unknown {
	const text = window.buffer.subarray(start - window.base, end - window.base).toString('utf8');
	try {
		return JSON.parse(text);
	} catch (error) {
		throw new RecordReaderError(
			`${basename(path)}: the record at byte ${start} is not valid JSON (${errorMessage(error)})`,
			start,
		);
	}
}

/** Reads a JSON string token starting at `start` (a quote); returns its text and the offset after. */
async function readJsonString(
	window: FileWindow,
	start: number,
	path: string,
): Promise<{ text: string; end: number }> {
	const end = await scanJsonValue(window, start, path);
	const raw = window.buffer.subarray(start - window.base, end - window.base).toString('utf8');
	try {
		return { text: JSON.parse(raw) as string, end };
	} catch {
		throw new RecordReaderError(`${basename(path)}: invalid key at byte ${start}`, start);
	}
}

/** Works out the layout from the first bytes: BOM, then `[`, `{` or a CSV header. */
async function detectLayout(
	window: FileWindow,
	format: 'json' | 'ndjson' | 'csv' | 'tsv',
	path: string,
): Promise<{ layout: RecordLayout; dataStart: number; bulkPath?: string }> {
	window.seek(0);
	await window.more(0);
	const buffer = window.buffer;
	const bom =
		buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
	const probe = buffer.subarray(bom, Math.min(buffer.length, bom + 4096));
	if (probe.includes(0)) {
		throw new RecordReaderError(
			`${basename(path)}: looks like a binary file, not ${format.toUpperCase()} text`,
		);
	}

	if (format === 'csv' || format === 'tsv') {
		return { layout: format, dataStart: bom };
	}

	const first = await skipSpace(window, bom);
	if (first === undefined) {
		throw new RecordReaderError(`${basename(path)}: the file is empty`);
	}

	const byte = byteAt(window, first);
	if (format === 'ndjson') {
		return { layout: 'ndjson', dataStart: bom };
	}

	if (byte === OPEN_BRACKET) {
		return { layout: 'jsonArray', dataStart: first + 1 };
	}

	if (byte !== OPEN_BRACE) {
		throw new RecordReaderError(
			`${basename(path)}: expected a JSON array or object but found ${describeByte(byte)} at byte ${first}`,
			first,
		);
	}

	// NDJSON named .json: the first line is a whole object and another object follows it.
	// Limitation: only a first line within the first chunk (64 KiB) is recognised this way.
	const newline = window.buffer.indexOf(NEWLINE, first - window.base);
	if (newline > 0) {
		const line = window.buffer.subarray(first - window.base, newline).toString('utf8');
		let whole = false;
		try {
			JSON.parse(line);
			whole = true;
		} catch {
			whole = false;
		}

		const next = whole ? await skipSpace(window, window.base + newline + 1) : undefined;
		if (next !== undefined && byteAt(window, next) === OPEN_BRACE) {
			return { layout: 'ndjson', dataStart: bom };
		}
	}

	// An object: look for its first key whose value is an array (e.g. GeoJSON `features`).
	window.seek(first);
	let position = first + 1;
	for (;;) {
		const keyStart = await skipSpace(window, position);
		if (keyStart === undefined) {
			throw new RecordReaderError(
				`${basename(path)}: the file ends inside the top-level object (truncated?)`,
			);
		}

		const keyByte = byteAt(window, keyStart);
		if (keyByte === CLOSE_BRACE) {
			break;
		}

		if (keyByte === COMMA) {
			position = keyStart + 1;
			continue;
		}

		if (keyByte !== QUOTE) {
			throw new RecordReaderError(
				`${basename(path)}: expected a key but found ${describeByte(keyByte)} at byte ${keyStart}`,
				keyStart,
			);
		}

		const key = await readJsonString(window, keyStart, path);
		const colon = await skipSpace(window, key.end);
		if (colon === undefined || byteAt(window, colon) !== COLON) {
			throw new RecordReaderError(
				`${basename(path)}: expected ':' after the key "${key.text}"`,
				key.end,
			);
		}

		const valueStart = await skipSpace(window, colon + 1);
		if (valueStart === undefined) {
			throw new RecordReaderError(
				`${basename(path)}: the file ends inside the top-level object (truncated?)`,
			);
		}

		if (byteAt(window, valueStart) === OPEN_BRACKET) {
			return { layout: 'jsonBulkArray', dataStart: valueStart + 1, bulkPath: key.text };
		}

		position = await scanJsonValue(window, valueStart, path);
	}

	return { layout: 'jsonSingle', dataStart: first };
}

function errorCode(error: unknown): string {
	const code = (error as { code?: unknown }).code;
	return typeof code === 'string' ? code : errorMessage(error);
}

function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
