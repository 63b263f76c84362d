/**
 * Byte-level scanning of JSON text without parsing it whole: finds the array that holds the records
 * (the root array, or the bulk array inside a root object) and the byte spans of its elements, from
 * the start of a file or from an arbitrary offset in the middle. Works on bytes, not characters:
 * every structural character is ASCII and never occurs inside a UTF-8 multi-byte sequence, so a
 * chunk may start anywhere. Iterative throughout, so deep nesting cannot overflow the stack.
 */
import { MAX_NESTING_DEPTH } from './convention';
import { EstimateError } from './estimateError';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;

/** A byte span `[start, end)` of one element, in the coordinates of the buffer scanned. */
export type Span = [number, number];

/** Where the records live in a JSON document, found from its head. */
export interface BulkArray {
	/** Offset just after the `[` that opens the records array. */
	interiorStart: number;
	/** Offset of the closing `]`, when the head holds the whole array. */
	closeOffset?: number;
	/** Keys leading from the root object to the array; empty for a root array. */
	path: string[];
}

/** Elements found by a scan, and where the array closed if it did within the buffer. */
export interface ElementScan {
	spans: Span[];
	/** Offset of the `]` closing the records array, when seen. */
	closeOffset?: number;
}

/** Whether `byte` is JSON whitespace: space, tab, line feed or carriage return. */
export function isWhitespace(byte: number): boolean {
	return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Offset of the first byte that is not JSON whitespace, or `end`. */
export function skipWhitespace(bytes: Uint8Array, from: number, end = bytes.length): number {
	let position = from;
	while (position < end && isWhitespace(bytes[position])) {
		position++;
	}

	return position;
}

/** Where a byte scan of JSON text stands with respect to strings. */
export interface JsonStringState {
	inString: boolean;
	/** The previous byte was a backslash inside a string, so this one is escaped. */
	escaped: boolean;
}

/**
 * Steps `state` over one byte met inside a string. Returns true when the byte is the quote that
 * closes the string, and then leaves `state.inString` false. One byte at a time so that a scan can
 * stop at the end of a buffer and resume when more bytes arrive.
 */
export function stepInString(state: JsonStringState, byte: number): boolean {
	if (state.escaped) {
		state.escaped = false;
	} else if (byte === BACKSLASH) {
		state.escaped = true;
	} else if (byte === QUOTE) {
		state.inString = false;
		return true;
	}

	return false;
}

interface Frame {
	isArray: boolean;
	start: number;
	/** Only arrays reached through objects (or the root) can hold the records. */
	reachable: boolean;
	path: string[];
	expectKey: boolean;
	key?: string;
}

/**
 * Finds the records array from the start of a JSON document (`start` = first byte after any BOM).
 * A root array is the records array. In a root object, the records array is the shallowest array
 * still open where the head ends (the head is only part of the file), or the largest array reached
 * through objects when the head holds the whole document (`complete`).
 */
export function locateBulkArray(bytes: Uint8Array, start: number, complete: boolean): BulkArray {
	const first = skipWhitespace(bytes, start);
	if (bytes[first] === OPEN_ARRAY) {
		return { interiorStart: first + 1, path: [] };
	}

	if (bytes[first] !== OPEN_OBJECT) {
		throw new EstimateError('unsupported', 'the JSON document is neither an array nor an object');
	}

	const decoder = new TextDecoder();
	const stack: Frame[] = [];
	let best: { frame: Frame; end: number } | undefined;
	const string: JsonStringState = { inString: false, escaped: false };
	let stringStart = 0;
	for (let position = first; position < bytes.length; position++) {
		const byte = bytes[position];
		if (string.inString) {
			if (stepInString(string, byte)) {
				const top = stack[stack.length - 1];
				if (top && !top.isArray && top.expectKey) {
					top.key = stack.length <= 8 ? decodeKey(decoder, bytes, stringStart, position) : '';
					top.expectKey = false;
				}
			}

			continue;
		}

		if (byte === QUOTE) {
			string.inString = true;
			stringStart = position + 1;
		} else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
			const parent = stack[stack.length - 1];
			const reachable = parent === undefined || (!parent.isArray && parent.reachable);
			const path = parent === undefined ? [] : [...parent.path, parent.key ?? ''];
			if (stack.length > MAX_NESTING_DEPTH) {
				throw tooDeep(position);
			}

			stack.push({
				isArray: byte === OPEN_ARRAY,
				start: position,
				reachable,
				path,
				expectKey: true,
			});
		} else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
			const frame = stack.pop();
			if (!frame || frame.isArray !== (byte === CLOSE_ARRAY)) {
				throw new EstimateError(
					'malformed',
					`malformed JSON: unexpected '${String.fromCharCode(byte)}' at byte ${position}`,
				);
			}

			if (
				frame.isArray &&
				frame.reachable &&
				(!best || position - frame.start > best.end - best.frame.start)
			) {
				best = { frame, end: position };
			}

			if (stack.length === 0) {
				break;
			}
		} else if (byte === COMMA) {
			const top = stack[stack.length - 1];
			if (top && !top.isArray) {
				top.expectKey = true;
			}
		}
	}

	if (!complete) {
		const open = stack.find((frame) => frame.isArray && frame.reachable);
		if (open) {
			return { interiorStart: open.start + 1, path: open.path };
		}
	}

	if (!best) {
		throw new EstimateError(
			'unsupported',
			'the JSON object holds no array of records (a keyed map or a single record cannot become rows)',
		);
	}

	return { interiorStart: best.frame.start + 1, closeOffset: best.end, path: best.frame.path };
}

/**
 * Scans the interior of the records array from `from`, a point known to be outside any string and
 * at the array's own level (just after its `[` or after a separating comma). Returns the complete
 * elements in `[from, end)` and where the array closed, if it did.
 */
export function scanElements(bytes: Uint8Array, from: number, end = bytes.length): ElementScan {
	const spans: Span[] = [];
	let depth = 0;
	const string: JsonStringState = { inString: false, escaped: false };
	let elementStart = -1;
	let lastNonSpace = -1;
	for (let position = from; position < end; position++) {
		const byte = bytes[position];
		if (string.inString) {
			if (stepInString(string, byte)) {
				lastNonSpace = position;
			}

			continue;
		}

		if (isWhitespace(byte)) {
			continue;
		}

		if (depth === 0 && (byte === COMMA || byte === CLOSE_ARRAY)) {
			if (elementStart >= 0) {
				spans.push([elementStart, lastNonSpace + 1]);
			} else if (byte === COMMA) {
				throw new EstimateError(
					'malformed',
					`malformed JSON: an empty element at byte ${position}`,
				);
			}

			elementStart = -1;
			if (byte === CLOSE_ARRAY) {
				return { spans, closeOffset: position };
			}

			continue;
		}

		if (elementStart < 0) {
			elementStart = position;
		}

		lastNonSpace = position;
		if (byte === QUOTE) {
			string.inString = true;
		} else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
			depth++;
			if (depth > MAX_NESTING_DEPTH) {
				throw tooDeep(position);
			}
		} else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
			depth--;
			if (depth < 0) {
				throw new EstimateError('malformed', `malformed JSON: unexpected '}' at byte ${position}`);
			}
		}
	}

	return { spans };
}

/** What a chunk taken from the middle of a file yields once re-synchronised. */
export interface ChunkScan extends ElementScan {
	/** Offset in the chunk where the first complete element starts (after the first separator). */
	resyncedAt: number;
}

/**
 * Re-synchronises a chunk cut from an arbitrary offset of the records array and returns the spans
 * of the complete elements in it. The string state at the cut is unknown: after a raw newline it is
 * certain (JSON strings cannot hold one), otherwise both hypotheses are scored by how JSON-like the
 * text outside strings looks. The nesting depth is unknown too: commas are grouped by their depth
 * relative to the cut, and the shallowest group whose elements start like the records seen at the
 * head (`recordStart`, e.g. `{`) is the records level. Returns undefined when no level fits.
 *
 * Limitation: a chunk lying wholly inside one record larger than the chunk can mistake a nested
 * array of objects for the records array; callers make chunks several times the largest record
 * seen at the head, which keeps this to records far larger than their neighbours.
 */
export function resyncChunk(bytes: Uint8Array, recordStart: number): ChunkScan | undefined {
	const newline = bytes.indexOf(NEWLINE);
	let from = 0;
	const string: JsonStringState = { inString: false, escaped: false };
	if (newline >= 0 && newline < bytes.length / 2) {
		from = newline + 1;
	} else {
		string.inString = stringHypothesisScore(bytes, true) < stringHypothesisScore(bytes, false);
	}

	// One pass: commas and closing brackets with their depth relative to the cut.
	const commas: Array<[number, number]> = [];
	const closes: Array<[number, number, boolean]> = [];
	let depth = 0;
	let minDepth = 0;
	let maxDepth = 0;
	for (let position = from; position < bytes.length; position++) {
		const byte = bytes[position];
		if (string.inString) {
			stepInString(string, byte);
			continue;
		}

		if (byte === QUOTE) {
			string.inString = true;
		} else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
			depth++;
			maxDepth = Math.max(maxDepth, depth);
		} else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
			depth--;
			closes.push([position, depth, byte === CLOSE_ARRAY]);
			minDepth = Math.min(minDepth, depth);
		} else if (byte === COMMA) {
			commas.push([position, depth]);
		}
	}

	if (maxDepth - minDepth > MAX_NESTING_DEPTH) {
		throw tooDeep(from);
	}

	const levels = [...new Set(commas.map(([, level]) => level))].sort((a, b) => a - b);
	for (const level of levels) {
		const firstComma = commas.find(([, commaLevel]) => commaLevel === level)![0];
		// The array closes where depth first drops below the level after that comma.
		const close = closes.find(([position, after]) => position > firstComma && after < level);
		if (close && !close[2]) {
			continue;
		}

		const scan = scanElements(bytes, firstComma + 1, close ? close[0] + 1 : bytes.length);
		if (scan.spans.length === 0) {
			continue;
		}

		if (scan.spans.every(([start]) => sameKind(bytes[start], recordStart))) {
			return { ...scan, resyncedAt: scan.spans[0][0] };
		}
	}

	return undefined;
}

/** Whether two first bytes start the same kind of JSON value (object, array, string, scalar). */
function sameKind(a: number, b: number): boolean {
	const kind = (byte: number): number =>
		byte === OPEN_OBJECT ? 0 : byte === OPEN_ARRAY ? 1 : byte === QUOTE ? 2 : 3;
	return kind(a) === kind(b);
}

/** Letters allowed outside strings: those of true, false, null and exponents. */
const BARE_LETTERS = new Set([...'truefalsnE'].map((letter) => letter.charCodeAt(0)));

/**
 * Counts what would be wrong with the text if the cut fell inside (or outside) a string: text
 * outside strings may only hold structure, numbers and literals, and a string that ends must be
 * followed by `:`, `,`, `}` or `]`. Looks at the first 16 kB only.
 */
function stringHypothesisScore(bytes: Uint8Array, startsInString: boolean): number {
	const end = Math.min(bytes.length, 16384);
	const string: JsonStringState = { inString: startsInString, escaped: false };
	let anomalies = 0;
	let afterString = false;
	for (let position = 0; position < end; position++) {
		const byte = bytes[position];
		if (string.inString) {
			if (stepInString(string, byte)) {
				afterString = true;
			}

			continue;
		}

		if (isWhitespace(byte)) {
			continue;
		}

		if (
			afterString &&
			byte !== COLON &&
			byte !== COMMA &&
			byte !== CLOSE_OBJECT &&
			byte !== CLOSE_ARRAY
		) {
			anomalies++;
		}

		afterString = false;
		if (byte === QUOTE) {
			string.inString = true;
		} else if (
			!(byte >= 0x30 && byte <= 0x39) &&
			!BARE_LETTERS.has(byte) &&
			!'{}[],:.-+'.includes(String.fromCharCode(byte))
		) {
			anomalies++;
		}
	}

	return anomalies;
}

function decodeKey(decoder: TextDecoder, bytes: Uint8Array, start: number, end: number): string {
	const raw = decoder.decode(bytes.subarray(start, end));
	if (!raw.includes('\\')) {
		return raw;
	}

	try {
		return JSON.parse(`"${raw}"`) as string;
	} catch {
		return raw;
	}
}

function tooDeep(position: number): EstimateError {
	return new EstimateError(
		'too-deep',
		`the JSON nests deeper than ${MAX_NESTING_DEPTH} levels near byte ${position}; no converter would produce a usable table from it`,
	);
}
