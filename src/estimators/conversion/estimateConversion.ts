/**
 * Predicts the size of a data file after conversion (JSON → CSV and friends) from a bounded sample
 * of the file itself: the head plus chunks spread through the file, each re-synchronised to record
 * boundaries, so the cost stays flat however large the file is. The sampled records are really
 * written in the target format (and really compressed or Parquet-encoded), then scaled.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import {
	DEFAULT_CONVENTION,
	describeConvention,
	flattenRecord,
	type Cell,
	type FlattenConvention,
} from './convention';
import {
	formatCell,
	formatHeader,
	parseDelimitedRow,
	scanDelimitedRows,
	type CsvDialect,
} from './delimitedText';
import { EstimateError } from './estimateError';
import { locateBulkArray, resyncChunk, scanElements, skipWhitespace, type Span } from './jsonScan';
import { parquetBytes } from './parquetSize';
import { sniffBytes, type InputFormat } from './sniffFormat';

/** Formats the estimator can predict. */
export type OutputFormat = 'csv' | 'tsv' | 'parquet' | 'ndjson' | 'json' | 'csv.gz';

export const OUTPUT_FORMATS: readonly OutputFormat[] = [
	'csv',
	'tsv',
	'parquet',
	'ndjson',
	'json',
	'csv.gz',
];

/** Options of `estimateConversion`; only `to` is required. */
export interface EstimateOptions {
	to: OutputFormat;
	/** Flattening convention for tabular targets; default: objects with `.`, arrays as JSON text. */
	convention?: FlattenConvention;
	/** How cells are quoted and spelled: `minimal` (RFC 4180: pandas, Miller), `json2csv`, `pandas`. */
	dialect?: CsvDialect;
	signal?: AbortSignal;
	/** Bytes to read in all (default 1 MiB); files up to 1.25 × this are read whole. */
	sampleBytes?: number;
	/** Chunks spread through the file besides the head (default 15, the last one at the tail). */
	chunks?: number;
	/** Largest single record the sampler will widen a chunk for (default 16 MiB). */
	maxRecordBytes?: number;
	/** Called after each read with the bytes read so far (progress; the tests use it to alter the file). */
	onRead?: (bytesRead: number) => void | Promise<void>;
}

/** A prediction, with its range and how it was made. */
export interface ConversionEstimate {
	inputBytes: number;
	inputFormat: InputFormat;
	/** Keys leading to the records array of a JSON object, joined with `.` (e.g. `features`). */
	arrayPath?: string;
	records: number;
	recordsLow: number;
	recordsHigh: number;
	/** Columns of the flattened table (the union of keys); for JSON targets, of the records' top level. */
	columns: number;
	columnsLow: number;
	columnsHigh: number;
	to: OutputFormat;
	predictedBytes: number;
	lowBytes: number;
	highBytes: number;
	convention: FlattenConvention;
	/** `describeConvention(convention)`, ready to show. */
	conventionText: string;
	dialect: CsvDialect;
	/** Bytes of the file actually read. */
	sampledBytes: number;
	sampledRecords: number;
	/** True when the whole file was read: the figures are then exact for this convention. */
	complete: boolean;
	elapsedMs: number;
	/** How the figure was obtained, in one paragraph. */
	method: string;
	/** Things a careful reader should know (chunks skipped, columns still appearing). */
	warnings: string[];
}

/** One sampled record: its parsed value and the input bytes it occupies (separator included). */
interface SampledRecord {
	value: unknown;
	inputBytes: number;
	chunk: number;
}

interface Sample {
	format: InputFormat;
	arrayPath?: string;
	/** Bytes of the file that hold records (the array interior, or all rows but the header). */
	bulkBytes: number;
	records: SampledRecord[];
	chunkCount: number;
	complete: boolean;
	sampledBytes: number;
	warnings: string[];
}

const DEFAULT_SAMPLE_BYTES = 1 << 20;
const DEFAULT_CHUNKS = 15;
const DEFAULT_MAX_RECORD_BYTES = 16 << 20;
const MIN_CHUNK_BYTES = 16384;

/**
 * Estimates the converted size of the file at `path`. Throws `EstimateError` with a one-line
 * message on anything it cannot read as records (see its codes); never reads more than about
 * `sampleBytes` plus the largest record for a file of any size.
 */
export async function estimateConversion(
	path: string,
	options: EstimateOptions,
): Promise<ConversionEstimate> {
	const started = performance.now();
	const convention = options.convention ?? DEFAULT_CONVENTION;
	const dialect = options.dialect ?? 'minimal';
	const handle = await openFile(path);
	let sample: Sample;
	let inputBytes: number;
	try {
		const stat = await handle.stat();
		if (!stat.isFile()) {
			throw new EstimateError('not-a-file', `${path} is not a regular file`);
		}

		inputBytes = stat.size;
		const reader = new ChunkReader(handle, inputBytes, options);
		sample = await takeSample(reader, path, options);
		const after = await handle.stat();
		if (after.size !== stat.size || after.mtimeMs !== stat.mtimeMs) {
			throw changed();
		}
	} finally {
		await handle.close();
	}

	const result = predict(sample, options.to, convention, dialect);
	return {
		inputBytes,
		inputFormat: sample.format,
		...(sample.arrayPath !== undefined ? { arrayPath: sample.arrayPath } : {}),
		...result,
		to: options.to,
		convention,
		conventionText: describeConvention(convention),
		dialect,
		sampledBytes: sample.sampledBytes,
		sampledRecords: sample.records.length,
		complete: sample.complete,
		elapsedMs: Math.round((performance.now() - started) * 10) / 10,
		warnings: sample.warnings,
	};
}

async function openFile(path: string): Promise<FileHandle> {
	try {
		return await open(path, 'r');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') {
			throw new EstimateError(
				'not-found',
				`${path} does not exist (or vanished before it could be read)`,
			);
		}

		throw new EstimateError('not-found', `cannot open ${path}: ${code ?? String(error)}`);
	}
}

function changed(): EstimateError {
	return new EstimateError(
		'changed',
		'the file changed while it was being read; try again once it is written',
	);
}

/** Reads byte ranges through one open handle, counting what was read and honouring cancellation. */
class ChunkReader {
	bytesRead = 0;

	constructor(
		private readonly handle: FileHandle,
		readonly size: number,
		private readonly options: EstimateOptions,
	) {}

	async read(offset: number, length: number): Promise<Uint8Array> {
		if (this.options.signal?.aborted) {
			throw new EstimateError('cancelled', 'the estimate was cancelled');
		}

		const wanted = Math.max(0, Math.min(length, this.size - offset));
		const buffer = new Uint8Array(wanted);
		let filled = 0;
		while (filled < wanted) {
			const { bytesRead } = await this.handle.read(
				buffer,
				filled,
				wanted - filled,
				offset + filled,
			);
			if (bytesRead === 0) {
				// The file shrank under us (truncated or replaced mid-read).
				throw changed();
			}

			filled += bytesRead;
		}

		this.bytesRead += wanted;
		await this.options.onRead?.(this.bytesRead);
		return buffer;
	}
}

async function takeSample(
	reader: ChunkReader,
	path: string,
	options: EstimateOptions,
): Promise<Sample> {
	const size = reader.size;
	if (size === 0) {
		throw new EstimateError('empty', `${path} is empty: nothing to convert`);
	}

	const sampleBytes = Math.max(4096, options.sampleBytes ?? DEFAULT_SAMPLE_BYTES);
	const maxRecordBytes = Math.max(4096, options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES);
	const complete = size <= sampleBytes * 1.25;
	let headLength = complete ? size : Math.max(Math.floor(sampleBytes / 4), 65536);
	let head = await reader.read(0, headLength);
	const sniffed = sniffBytes(head, path, complete);
	if (sniffed.format === 'empty' || sniffed.format === 'binary' || sniffed.format === 'unknown') {
		const code = sniffed.format === 'unknown' ? 'unsupported' : sniffed.format;
		throw new EstimateError(code, `cannot read ${path} as records: ${sniffed.reason}`);
	}

	const format = sniffed.format;
	const warnings: string[] = [];
	const records: SampledRecord[] = [];
	const parser = recordParser(format, path);

	// The head: its state is known from byte 0. Grow it until it holds a couple of records.
	let headScan = scanHead(head, format, sniffed.bomBytes, complete);
	while (
		!complete &&
		headScan.spans.length < 2 &&
		headLength < size &&
		headLength < maxRecordBytes
	) {
		headLength = Math.min(size, headLength * 4, maxRecordBytes);
		head = await reader.read(0, headLength);
		headScan = scanHead(head, format, sniffed.bomBytes, headLength >= size);
	}

	if (headScan.spans.length === 0) {
		throw new EstimateError(
			'record-too-large',
			`no complete record in the first ${mib(headLength)} of ${path}: a single record (or line) is larger than that, so the file cannot be sampled`,
		);
	}

	const headers = format === 'csv' || format === 'tsv' ? headScan.headers : undefined;
	addRecords(records, head, 0, headScan.spans, 0, parser, headers, true);
	let bulkBytes = headScan.bulkBytes;
	let chunkCount = 1;
	if (!complete) {
		const spread = await sampleChunks(
			reader,
			headLength,
			headScan,
			format,
			sampleBytes,
			maxRecordBytes,
			options,
		);
		for (const chunk of spread.chunks) {
			try {
				addRecords(
					records,
					chunk.bytes,
					chunk.offset,
					chunk.spans,
					chunkCount,
					parser,
					headers,
					false,
				);
				chunkCount++;
			} catch {
				warnings.push(`skipped the chunk at byte ${chunk.offset}: its records did not parse`);
			}
		}

		warnings.push(...spread.warnings);
		bulkBytes =
			format === 'csv' || format === 'tsv' || format === 'ndjson'
				? size - headScan.bulkStart
				: spread.arrayEnd - headScan.bulkStart;
		if (chunkCount === 1 && spread.chunks.length > 0) {
			throw new EstimateError(
				'malformed',
				`the records past the head of ${path} could not be read: the file looks malformed`,
			);
		}
	}

	return {
		format,
		...(sniffed.arrayPath !== undefined ? { arrayPath: sniffed.arrayPath } : {}),
		bulkBytes: Math.max(bulkBytes, 1),
		records,
		chunkCount,
		complete,
		sampledBytes: reader.bytesRead,
		warnings,
	};
}

interface HeadScan {
	spans: Span[];
	/** Offset where records begin (array interior, first row after the header). */
	bulkStart: number;
	/** Bytes holding records, when the head is the whole file. */
	bulkBytes: number;
	headers?: string[];
	/** First byte of the first record, to recognise records in chunks. */
	recordStart: number;
	largestSpan: number;
}

function scanHead(head: Uint8Array, format: InputFormat, bom: number, complete: boolean): HeadScan {
	if (format === 'json-array' || format === 'json-object-with-array') {
		const bulk = locateBulkArray(head, bom, complete);
		const scan = scanElements(head, bulk.interiorStart);
		if (complete) {
			checkJsonEnd(head, 0, format, scan.closeOffset);
		}

		const end = scan.closeOffset ?? head.length;
		return finishHead(head, scan.spans, bulk.interiorStart, end - bulk.interiorStart);
	}

	const start = skipWhitespace(head, bom);
	const rows = scanDelimitedRows(head, start, head.length, false, complete);
	if (format === 'ndjson') {
		return finishHead(head, rows, start, head.length - start);
	}

	if (rows.length === 0) {
		return { spans: [], bulkStart: start, bulkBytes: 0, recordStart: 0, largestSpan: 0 };
	}

	const delimiter = format === 'tsv' ? '\t' : ',';
	const headerSpan = rows[0];
	const headers = parseDelimitedRow(
		new TextDecoder().decode(head.subarray(...headerSpan)),
		delimiter,
	);
	const bulkStart = Math.min(head.length, headerSpan[1] + (head[headerSpan[1]] === 0x0d ? 2 : 1));
	return { ...finishHead(head, rows.slice(1), bulkStart, head.length - bulkStart), headers };
}

function finishHead(
	head: Uint8Array,
	spans: Span[],
	bulkStart: number,
	bulkBytes: number,
): HeadScan {
	const largestSpan = spans.reduce((largest, [start, end]) => Math.max(largest, end - start), 0);
	return {
		spans,
		bulkStart,
		bulkBytes,
		recordStart: spans.length > 0 ? head[spans[0][0]] : 0,
		largestSpan,
	};
}

/**
 * A JSON document must end with the bracket that closes its root; anything else means the file
 * was cut short (or has trailing garbage).
 */
function checkJsonEnd(
	bytes: Uint8Array,
	offset: number,
	format: InputFormat,
	closeOffset: number | undefined,
): void {
	let last = bytes.length - 1;
	while (
		last >= 0 &&
		(bytes[last] === 0x20 || bytes[last] === 0x0a || bytes[last] === 0x0d || bytes[last] === 0x09)
	) {
		last--;
	}

	const expected = format === 'json-array' ? 0x5d : 0x7d;
	if (last < 0 || bytes[last] !== expected || closeOffset === undefined) {
		throw new EstimateError(
			'truncated',
			`the JSON ends at byte ${offset + last + 1} before its ${format === 'json-array' ? 'array' : 'object'} is closed: the file looks truncated`,
		);
	}

	if (format === 'json-array' && closeOffset !== last) {
		throw new EstimateError(
			'malformed',
			`malformed JSON: unexpected content after the array at byte ${offset + closeOffset + 1}`,
		);
	}
}

interface SpreadChunk {
	offset: number;
	bytes: Uint8Array;
	spans: Span[];
}

async function sampleChunks(
	reader: ChunkReader,
	headLength: number,
	headScan: HeadScan,
	format: InputFormat,
	sampleBytes: number,
	maxRecordBytes: number,
	options: EstimateOptions,
): Promise<{ chunks: SpreadChunk[]; arrayEnd: number; warnings: string[] }> {
	const size = reader.size;
	const warnings: string[] = [];
	const region = size - headLength;
	let count = Math.max(1, options.chunks ?? DEFAULT_CHUNKS);
	const wanted = Math.floor((sampleBytes - headLength) / count);
	const chunkLength = Math.min(region, Math.max(wanted, MIN_CHUNK_BYTES, headScan.largestSpan * 8));
	count = Math.max(1, Math.min(count, Math.floor(region / chunkLength)));
	const chunks: SpreadChunk[] = [];
	let arrayEnd = size;
	for (let index = 1; index <= count; index++) {
		const isTail = index === count;
		const offset = headLength + Math.round((index * (region - chunkLength)) / count);
		let length = chunkLength;
		let bytes = await reader.read(offset, length);
		let spans = resyncSpans(bytes, format, headScan, offset + length >= size);
		// A chunk that holds no whole record is widened once or twice, up to the record bound.
		while (spans === undefined && length < maxRecordBytes && offset + length < size) {
			length = Math.min(length * 4, maxRecordBytes);
			bytes = await reader.read(offset, length);
			spans = resyncSpans(bytes, format, headScan, offset + length >= size);
		}

		if (isTail && (format === 'json-array' || format === 'json-object-with-array')) {
			checkJsonEnd(
				bytes,
				offset,
				format,
				format === 'json-array' ? spans?.closeOffset : (spans?.closeOffset ?? 0),
			);
			if (spans?.closeOffset !== undefined) {
				arrayEnd = offset + spans.closeOffset;
			} else {
				throw new EstimateError(
					'truncated',
					'the end of the file is not the end of the records array: the file looks truncated',
				);
			}
		}

		if (spans === undefined || spans.spans.length === 0) {
			warnings.push(`no whole record found in the chunk at byte ${offset}; it was skipped`);
			continue;
		}

		chunks.push({ offset, bytes, spans: spans.spans });
	}

	return { chunks, arrayEnd, warnings };
}

function resyncSpans(
	bytes: Uint8Array,
	format: InputFormat,
	headScan: HeadScan,
	atEnd: boolean,
): { spans: Span[]; closeOffset?: number } | undefined {
	if (format === 'json-array' || format === 'json-object-with-array') {
		return resyncChunk(bytes, headScan.recordStart);
	}

	const newline = bytes.indexOf(0x0a);
	if (newline < 0) {
		return undefined;
	}

	if (format === 'ndjson') {
		const spans = scanDelimitedRows(bytes, newline + 1, bytes.length, false, atEnd);
		return spans.length > 0 ? { spans } : undefined;
	}

	// CSV: a line break may sit inside a quoted field, so try both quote states and keep the one
	// whose rows have as many fields as the header.
	const delimiter = format === 'tsv' ? '\t' : ',';
	const width = headScan.headers?.length ?? 0;
	let best: { spans: Span[]; score: number } | undefined;
	for (const inQuotes of [false, true]) {
		const spans = scanDelimitedRows(bytes, newline + 1, bytes.length, inQuotes, atEnd);
		const decoder = new TextDecoder();
		const fitting = spans.filter(
			(span) =>
				parseDelimitedRow(decoder.decode(bytes.subarray(...span)), delimiter).length === width,
		).length;
		const score = spans.length === 0 ? -1 : fitting / spans.length;
		if (!best || score > best.score) {
			best = { spans, score };
		}
	}

	return best && best.spans.length > 0 ? { spans: best.spans } : undefined;
}

type RecordParser = (text: string, offset: number, headers?: string[]) => unknown;

function recordParser(format: InputFormat, path: string): RecordParser {
	if (format === 'csv' || format === 'tsv') {
		const delimiter = format === 'tsv' ? '\t' : ',';
		return (text, _offset, headers = []) => {
			const fields = parseDelimitedRow(text, delimiter);
			const record: Record<string, Cell> = {};
			headers.forEach((name, index) => {
				record[name] = typedField(fields[index]);
			});
			return record;
		};
	}

	return (text, offset) => {
		try {
			return JSON.parse(text) as unknown;
		} catch (error) {
			const detail = error instanceof Error ? error.message : String(error);
			throw new EstimateError(
				'malformed',
				`malformed JSON in the record at byte ${offset} of ${path}: ${detail}`,
			);
		}
	};
}

/** A CSV field as readers like pandas type it: empty is missing, numbers are numbers. */
function typedField(field: string | undefined): Cell {
	if (field === undefined || field === '') {
		return null;
	}

	return /^-?(?:0|[1-9]\d{0,14})(?:\.\d+)?(?:[eE][-+]?\d+)?$/.test(field) ? Number(field) : field;
}

function addRecords(
	records: SampledRecord[],
	bytes: Uint8Array,
	offset: number,
	spans: Span[],
	chunk: number,
	parser: RecordParser,
	headers: string[] | undefined,
	strict: boolean,
): void {
	const decoder = new TextDecoder();
	const parsed: SampledRecord[] = [];
	const gaps = spans.slice(1).map(([start], index) => start - spans[index][1]);
	const meanGap = gaps.length > 0 ? gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length : 1;
	for (let index = 0; index < spans.length; index++) {
		const [start, end] = spans[index];
		const value = parser(decoder.decode(bytes.subarray(start, end)), offset + start, headers);
		const stride = index + 1 < spans.length ? spans[index + 1][0] - start : end - start + meanGap;
		parsed.push({ value, inputBytes: stride, chunk });
	}

	if (!strict && parsed.length === 0) {
		throw new EstimateError('malformed', 'no records');
	}

	records.push(...parsed);
}

interface Prediction {
	records: number;
	recordsLow: number;
	recordsHigh: number;
	columns: number;
	columnsLow: number;
	columnsHigh: number;
	predictedBytes: number;
	lowBytes: number;
	highBytes: number;
	method: string;
}

function predict(
	sample: Sample,
	to: OutputFormat,
	convention: FlattenConvention,
	dialect: CsvDialect,
): Prediction {
	const n = sample.records.length;
	const sampledInput = sample.records.reduce((sum, record) => sum + record.inputBytes, 0);
	const records = sample.complete ? n : (sample.bulkBytes * n) / sampledInput;
	const tabular = to === 'csv' || to === 'tsv' || to === 'csv.gz' || to === 'parquet';
	const delimiter = to === 'tsv' ? '\t' : ',';

	// Flatten once; the union of keys grows chunk by chunk, which tells whether it has settled.
	const rows = sample.records.map((record) =>
		tabular ? flattenRecord(record.value, convention) : topLevel(record.value),
	);
	const union = new Map<string, number>();
	const unionByChunk: Array<{ records: number; columns: number }> = [];
	rows.forEach((row, index) => {
		for (const key of row.keys()) {
			if (!union.has(key)) {
				union.set(key, index);
			}
		}

		const next = sample.records[index + 1];
		if (!next || next.chunk !== sample.records[index].chunk) {
			unionByChunk.push({ records: index + 1, columns: union.size });
		}
	});
	const columns = [...union.keys()];
	const growth = sample.complete
		? { point: columns.length, high: columns.length }
		: columnGrowth(unionByChunk, records);

	// Output bytes of each sampled record, excluding what depends on the column count.
	const outputBytes = rows.map((row, index) => {
		if (tabular) {
			let bytes = 0;
			for (const value of row.values()) {
				bytes += Buffer.byteLength(formatCell(value, delimiter, dialect));
			}

			return bytes;
		}

		return Buffer.byteLength(JSON.stringify(sample.records[index].value)) + 1;
	});

	// Per-chunk ratios of output to input bytes give the sampling spread.
	const perChunk = new Map<number, { input: number; output: number }>();
	sample.records.forEach((record, index) => {
		const entry = perChunk.get(record.chunk) ?? { input: 0, output: 0 };
		entry.input += record.inputBytes;
		entry.output += outputBytes[index] + (tabular ? columns.length : 0);
		perChunk.set(record.chunk, entry);
	});
	const spread = relativeSpread([...perChunk.values()].map((entry) => entry.output / entry.input));
	const recordSpread = relativeSpread(
		[...perChunk.values()].map((entry) => entry.input),
		[...perChunk.keys()].map(
			(chunk) => sample.records.filter((record) => record.chunk === chunk).length,
		),
	);
	const floor = sample.complete ? 0.005 : 0.02;
	const sampling = sample.complete ? floor : perChunk.size >= 3 ? Math.max(floor, 2 * spread) : 0.1;
	const recordsRange = sample.complete
		? 0
		: perChunk.size >= 3
			? Math.max(0.01, 2 * recordSpread)
			: 0.1;

	const content = outputBytes.reduce((sum, bytes) => sum + bytes, 0);
	const scale = sample.complete ? 1 : sample.bulkBytes / sampledInput;
	let predicted: number;
	let extraHigh = 0;
	let extraLow = 0;
	let formatRange = 0;
	let how: string;
	if (tabular) {
		const header = (count: number): number =>
			columns.reduce(
				(sum, name) => sum + Buffer.byteLength(formatHeader(name, delimiter, dialect)),
				0,
			) +
			(count - columns.length) * meanNameBytes(columns) +
			count;
		const csvBytes = (count: number): number => header(count) + content * scale + records * count;
		const csvPoint = csvBytes(growth.point);
		const csvHigh = csvBytes(growth.high);
		predicted = csvPoint;
		extraHigh = csvHigh - csvPoint;
		extraLow = csvPoint - csvBytes(columns.length);
		how = `${to === 'tsv' ? 'TSV' : 'CSV'} from writing the ${n} sampled records with ${dialectText(dialect)}`;
		if (to === 'csv.gz' || to === 'parquet') {
			const sampleText = csvText(rows, columns, delimiter, dialect);
			const sampleCsv = Buffer.byteLength(sampleText);
			if (to === 'csv.gz') {
				const ratio = gzipSync(sampleText).byteLength / sampleCsv;
				predicted = csvPoint * ratio;
				extraHigh *= ratio;
				extraLow *= ratio;
				formatRange = sample.complete ? 0 : 0.05;
				how += `, gzip-compressed with node:zlib (level 6): ${(ratio * 100).toFixed(1)} % of the CSV on the sample`;
			} else {
				const all = parquetBytes(rows, columns);
				const half = Math.floor(n / 2);
				const firstHalf = half > 0 ? parquetBytes(rows.slice(0, half), columns) : 0;
				const perRecord = half > 0 && all > firstHalf ? (all - firstHalf) / (n - half) : all / n;
				predicted = sample.complete ? all : Math.max(all - perRecord * n, 0) + perRecord * records;
				extraHigh = 0;
				extraLow = 0;
				formatRange = sample.complete ? 0 : 0.15;
				how = `Parquet from encoding the ${n} sampled records with hyparquet-writer (Snappy), scaled by the bytes per record between half and all of the sample`;
			}
		}
	} else {
		const framing = to === 'json' ? 1 : 0;
		predicted = content * scale + framing;
		how = `${to === 'json' ? 'minified JSON array' : 'NDJSON'} from serialising the ${n} sampled records (JSON.stringify, UTF-8)`;
	}

	const relative = Math.min(0.9, Math.hypot(sampling, formatRange));
	const sampled = sample.complete
		? `read the whole file (${n} records)`
		: `read ${sample.sampledBytes} bytes: the head and ${sample.chunkCount - 1} chunks spread through the file, each re-synchronised to record boundaries; records = record bytes ÷ mean bytes per sampled record`;
	const columnNote =
		tabular && growth.high > columns.length
			? `; columns still appeared in later chunks, so up to ${growth.high} are allowed for (Heaps-style growth of the key union)`
			: '';
	return {
		records: Math.round(records),
		recordsLow: Math.round(records * (1 - recordsRange)),
		recordsHigh: Math.round(records * (1 + recordsRange)),
		columns: growth.point,
		columnsLow: columns.length,
		columnsHigh: growth.high,
		predictedBytes: Math.round(predicted),
		lowBytes: Math.round((predicted - extraLow) * (1 - relative)),
		highBytes: Math.round((predicted + extraHigh) * (1 + relative)),
		method: `${sampled}; ${how}; range = ±${(relative * 100).toFixed(1)} % (${sample.complete ? 'formatting differences between converters' : 'two standard errors of the output/input ratio across chunks'})${columnNote}.`,
	};
}

/** For JSON targets: the record's own top-level keys (records are not flattened). */
function topLevel(value: unknown): Map<string, Cell> {
	const row = new Map<string, Cell>();
	if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
		for (const key of Object.keys(value)) {
			row.set(key, null);
		}
	}

	return row;
}

/**
 * Extrapolates the column union to the whole file. When the second half of the sample added no
 * column, the union has settled; otherwise it grows like Heaps' law, u(N) = u(n)·(N/n)^β, with β
 * from the growth between half and all of the sample. The point estimate is halfway to that bound.
 */
function columnGrowth(
	unionByChunk: ReadonlyArray<{ records: number; columns: number }>,
	totalRecords: number,
): { point: number; high: number } {
	const last = unionByChunk[unionByChunk.length - 1];
	if (!last || totalRecords <= last.records * 1.01) {
		return { point: last?.columns ?? 0, high: last?.columns ?? 0 };
	}

	const middle = unionByChunk.find((entry) => entry.records >= last.records / 2) ?? last;
	if (middle.columns >= last.columns || middle.records >= last.records) {
		return { point: last.columns, high: last.columns };
	}

	const beta = Math.min(
		1,
		Math.max(0, Math.log(last.columns / middle.columns) / Math.log(last.records / middle.records)),
	);
	const high = Math.round(last.columns * Math.pow(totalRecords / last.records, beta));
	return { point: Math.round((last.columns + high) / 2), high };
}

function meanNameBytes(columns: readonly string[]): number {
	if (columns.length === 0) {
		return 8;
	}

	return columns.reduce((sum, name) => sum + Buffer.byteLength(name), 0) / columns.length;
}

/** Relative standard error of a (weighted) mean of per-chunk values. */
function relativeSpread(values: number[], weights?: number[]): number {
	if (values.length < 2) {
		return 0;
	}

	const normalised = weights
		? values.map((value, index) => value / Math.max(1, weights[index]))
		: values;
	const mean = normalised.reduce((sum, value) => sum + value, 0) / normalised.length;
	const variance =
		normalised.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (normalised.length - 1);
	return mean > 0 ? Math.sqrt(variance / normalised.length) / mean : 0;
}

function csvText(
	rows: ReadonlyArray<Map<string, Cell>>,
	columns: readonly string[],
	delimiter: string,
	dialect: CsvDialect,
): string {
	const lines = [columns.map((name) => formatHeader(name, delimiter, dialect)).join(delimiter)];
	for (const row of rows) {
		lines.push(
			columns.map((name) => formatCell(row.get(name) ?? null, delimiter, dialect)).join(delimiter),
		);
	}

	return lines.join('\n') + '\n';
}

function dialectText(dialect: CsvDialect): string {
	switch (dialect) {
		case 'json2csv':
			return 'every string quoted (json2csv)';
		case 'pandas':
			return 'RFC 4180 minimal quoting and pandas value spelling';
		default:
			return 'RFC 4180 minimal quoting (pandas, Miller)';
	}
}

function mib(bytes: number): string {
	return `${(bytes / 1048576).toFixed(1)} MiB`;
}
