/**
 * Recognises a data file's format from its first bytes: JSON array, JSON object whose bulk is one
 * array, NDJSON / JSON Lines, CSV, TSV — or says why it is none of them (binary, UTF-16, empty).
 */
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { EstimateError } from './estimateError';
import { locateBulkArray, skipWhitespace } from './jsonScan';

/** The text formats the estimator reads. */
export type InputFormat = 'json-array' | 'json-object-with-array' | 'ndjson' | 'csv' | 'tsv';

/** What a file looks like from its head. */
export interface SniffResult {
	format: InputFormat | 'empty' | 'binary' | 'unknown';
	/** Keys leading to the records array, for `json-object-with-array` (e.g. `features`). */
	arrayPath?: string;
	/** Why the file is not readable as records, for `empty`, `binary` and `unknown`. */
	reason?: string;
	/** Length of a UTF-8 byte order mark at the start (0 or 3). */
	bomBytes: number;
}

/** How much of a file `sniffFormat` reads from a path. */
export const SNIFF_BYTES = 65536;

const MAGIC: Array<[number[], string]> = [
	[[0x50, 0x41, 0x52, 0x31], 'a Parquet file'],
	[[0x1f, 0x8b], 'gzip-compressed'],
	[[0x50, 0x4b, 0x03, 0x04], 'a zip archive (Excel .xlsx and similar)'],
	[[0x41, 0x52, 0x52, 0x4f, 0x57, 0x31], 'an Arrow file'],
	[[0x4f, 0x62, 0x6a, 0x01], 'an Avro file'],
	[[0xff, 0xfe], 'UTF-16 text; save it as UTF-8 first'],
	[[0xfe, 0xff], 'UTF-16 text; save it as UTF-8 first'],
];

/**
 * Sniffs a file (by path, reading its first 64 kB) or bytes already read (the head of a file;
 * `complete` says whether they are the whole file). `fileName` helps tell TSV from CSV.
 */
export async function sniffFormat(
	input: string | Uint8Array,
	fileName?: string,
	complete = false,
): Promise<SniffResult> {
	if (typeof input !== 'string') {
		return sniffBytes(input, fileName ?? '', complete);
	}

	const handle = await open(input, 'r').catch((error: NodeJS.ErrnoException) => {
		throw new EstimateError('not-found', `cannot open ${input}: ${error.code ?? error.message}`);
	});
	try {
		const size = (await handle.stat()).size;
		const buffer = new Uint8Array(Math.min(size, SNIFF_BYTES));
		const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
		return sniffBytes(buffer.subarray(0, bytesRead), fileName ?? input, bytesRead >= size);
	} finally {
		await handle.close();
	}
}

/** The synchronous heart of `sniffFormat`, for bytes already in memory. */
export function sniffBytes(bytes: Uint8Array, fileName: string, complete: boolean): SniffResult {
	const bomBytes = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
	for (const [magic, what] of MAGIC) {
		if (magic.every((byte, index) => bytes[index] === byte)) {
			return { format: 'binary', reason: `it is ${what}`, bomBytes };
		}
	}

	const first = skipWhitespace(bytes, bomBytes);
	if (first >= bytes.length) {
		return {
			format: 'empty',
			reason: bytes.length === 0 ? 'the file is empty' : 'the file holds only whitespace',
			bomBytes,
		};
	}

	if (bytes.subarray(0, 8192).includes(0) || !isUtf8(bytes, complete)) {
		return { format: 'binary', reason: 'it is not UTF-8 text (binary data)', bomBytes };
	}

	if (bytes[first] === 0x5b) {
		return { format: 'json-array', bomBytes };
	}

	if (bytes[first] === 0x7b) {
		if (looksLikeJsonLines(bytes, first)) {
			return { format: 'ndjson', bomBytes };
		}

		try {
			const bulk = locateBulkArray(bytes, first, complete);
			return { format: 'json-object-with-array', arrayPath: bulk.path.join('.'), bomBytes };
		} catch (error) {
			if (!complete && bytes.indexOf(0x0a, first) < 0) {
				// One long line so far: a JSON Lines file whose first record outgrew the head.
				return { format: 'ndjson', bomBytes };
			}

			const reason = error instanceof EstimateError ? error.message : String(error);
			return { format: 'unknown', reason, bomBytes };
		}
	}

	const newline = bytes.indexOf(0x0a, first);
	const firstLine = new TextDecoder().decode(
		bytes.subarray(first, newline < 0 ? bytes.length : newline),
	);
	const tabs = countOutsideQuotes(firstLine, '\t');
	const commas = countOutsideQuotes(firstLine, ',');
	const extension = extname(fileName).toLowerCase();
	if (tabs > 0 && (tabs >= commas || extension === '.tsv' || extension === '.tab')) {
		return { format: 'tsv', bomBytes };
	}

	if (commas > 0 || extension === '.csv') {
		return { format: 'csv', bomBytes };
	}

	if (extension === '.tsv' || extension === '.tab') {
		return { format: 'tsv', bomBytes };
	}

	return {
		format: 'unknown',
		reason: 'text that is neither JSON nor delimited by commas or tabs',
		bomBytes,
	};
}

/** NDJSON when the first line is one whole JSON value and another record line follows. */
function looksLikeJsonLines(bytes: Uint8Array, first: number): boolean {
	const newline = bytes.indexOf(0x0a, first);
	if (newline < 0) {
		return false;
	}

	try {
		JSON.parse(new TextDecoder().decode(bytes.subarray(first, newline)));
	} catch {
		return false;
	}

	const next = skipWhitespace(bytes, newline + 1);
	return next >= bytes.length || bytes[next] === 0x7b || bytes[next] === 0x5b;
}

function countOutsideQuotes(line: string, delimiter: string): number {
	let count = 0;
	let quoted = false;
	for (const char of line) {
		if (char === '"') {
			quoted = !quoted;
		} else if (char === delimiter && !quoted) {
			count++;
		}
	}

	return count;
}

/** Strict UTF-8 check; an incomplete sequence at the very end of a head cut is forgiven. */
function isUtf8(bytes: Uint8Array, complete: boolean): boolean {
	let end = Math.min(bytes.length, SNIFF_BYTES);
	if (!complete || end < bytes.length) {
		// Back up to the start of the last character so a cut mid-sequence is not an error.
		let back = 0;
		while (back < 3 && end - back - 1 >= 0 && (bytes[end - back - 1] & 0xc0) === 0x80) {
			back++;
		}

		end = end - back - 1 >= 0 && bytes[end - back - 1] >= 0xc0 ? end - back - 1 : end;
	}

	try {
		new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
		return true;
	} catch {
		return false;
	}
}
