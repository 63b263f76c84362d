/**
 * A small tokenizer for Python, JavaScript/TypeScript and R source. It drops comments, keeps string
 * literals as single tokens (with their decoded value, for path resolution) and pairs brackets, so
 * the detectors never see code that lives in a comment or a string.
 */

/** Token kinds. */
export const enum TokenKind {
	Identifier,
	String,
	Number,
	Punctuation,
	Newline,
}

/**
 * The tokens of one source, stored as parallel arrays (one entry per token) rather than one object per
 * token: a 20,000-line file has ~150,000 tokens, and as objects they all survive the young generation,
 * so the garbage collector copied each of them twice and the scan spent a third of its time there.
 * Token `k` is `kinds[k]`, `texts[k]`, `values.get(k)`, `starts[k]`, `ends[k]`; reading past the last token
 * gives `undefined`, like reading past the end of an array of objects did.
 */
export interface TokenStream {
	/** Number of tokens. */
	count: number;
	kinds: Uint8Array;
	/** Source text (for strings: the raw literal including quotes). Names and operators are shared strings. */
	texts: string[];
	/**
	 * Decoded values of string literals by token index; absent for other tokens and for literals that
	 * interpolate (f-strings, `${}`). A map, because few tokens are strings.
	 */
	values: Map<number, string>;
	/** Offset of each token's first character and one past its last. */
	starts: Int32Array;
	ends: Int32Array;
	/** For each bracket token, the index of its partner (-1 when unbalanced or not a bracket). */
	pair: Int32Array;
	/** For each token, the index of the innermost open bracket around it (-1 at the top level). */
	enclosing: Int32Array;
	/** Offsets where each line starts, for turning offsets into positions. */
	lineStarts: number[];
}

export type LexLanguage = 'python' | 'javascript' | 'r';

const PYTHON_OPERATORS = [
	'**=',
	'//=',
	'>>=',
	'<<=',
	'==',
	'!=',
	'<=',
	'>=',
	'->',
	':=',
	'+=',
	'-=',
	'*=',
	'/=',
	'%=',
	'&=',
	'|=',
	'^=',
	'**',
	'//',
	'<<',
	'>>',
];
const JS_OPERATORS = [
	'>>>=',
	'===',
	'!==',
	'**=',
	'...',
	'<<=',
	'>>=',
	'>>>',
	'&&=',
	'||=',
	'??=',
	'=>',
	'==',
	'!=',
	'<=',
	'>=',
	'&&',
	'||',
	'??',
	'?.',
	'++',
	'--',
	'+=',
	'-=',
	'*=',
	'/=',
	'%=',
	'&=',
	'|=',
	'^=',
	'**',
	'<<',
	'>>',
];
const R_OPERATORS = [
	'<<-',
	'->>',
	':::',
	'<-',
	'->',
	'::',
	'|>',
	'==',
	'!=',
	'<=',
	'>=',
	'&&',
	'||',
];

const NONE: string[] = [];

function byFirstCharacter(operators: string[]): string[][] {
	const table: string[][] = [];
	for (const operator of operators) {
		(table[operator.charCodeAt(0)] ??= []).push(operator);
	}

	return table;
}

const OPERATORS_BY_FIRST: Record<LexLanguage, string[][]> = {
	python: byFirstCharacter(PYTHON_OPERATORS),
	javascript: byFirstCharacter(JS_OPERATORS),
	r: byFirstCharacter(R_OPERATORS),
};

// Words after which a `/` starts a regular expression rather than a division (JavaScript).
const REGEX_AFTER_WORDS = new Set([
	'return',
	'typeof',
	'case',
	'do',
	'else',
	'in',
	'of',
	'new',
	'delete',
	'void',
	'throw',
	'yield',
	'await',
	'instanceof',
]);

// Character classes for ASCII, one table per language, so the hot loops do a single array read per
// character instead of a chain of comparisons (and language tests) on every call.
const IDENTIFIER_START = 1;
const IDENTIFIER_PART = 2;

function characterTable(language: LexLanguage): Uint8Array {
	const table = new Uint8Array(128);
	for (let code = 0; code < 128; code++) {
		const letter =
			(code >= 97 && code <= 122) ||
			(code >= 65 && code <= 90) ||
			code === 95 ||
			(code === 36 && language === 'javascript') ||
			(code === 46 && language === 'r');
		const digit = code >= 48 && code <= 57;
		table[code] = (letter ? IDENTIFIER_START | IDENTIFIER_PART : 0) | (digit ? IDENTIFIER_PART : 0);
	}

	return table;
}

const CHARACTER_TABLES: Record<LexLanguage, Uint8Array> = {
	python: characterTable('python'),
	javascript: characterTable('javascript'),
	r: characterTable('r'),
};

/** Any character beyond ASCII may start or continue a name (the detectors only compare names). */
function isIdentifierStart(code: number, table: Uint8Array): boolean {
	return code > 127 || (table[code] & IDENTIFIER_START) !== 0;
}

function isIdentifierPart(code: number, table: Uint8Array): boolean {
	return code > 127 || (table[code] & IDENTIFIER_PART) !== 0;
}

function isDigit(code: number): boolean {
	return code >= 48 && code <= 57;
}

const PYTHON_PREFIX = /^(?:r|u|b|f|br|rb|fr|rf)$/i;

/**
 * Collects tokens into growing typed arrays, and shares one string per distinct name: a file repeats
 * the same few hundred names thousands of times, and a slice per occurrence was most of the tokenizer's
 * allocation.
 */
class TokenBuilder {
	count = 0;
	kinds: Uint8Array;
	starts: Int32Array;
	ends: Int32Array;
	readonly texts: string[];
	readonly values = new Map<number, string>();
	// Open-addressing table of interned names, indexed by a hash of their characters.
	private interned: Array<string | undefined>;
	private internedHashes: Int32Array;
	private internedCount = 0;

	constructor(private readonly source: string) {
		// Real code averages well over four characters per token; the arrays grow when it does not.
		const capacity = Math.max(64, source.length >> 2);
		this.kinds = new Uint8Array(capacity);
		this.starts = new Int32Array(capacity);
		this.ends = new Int32Array(capacity);
		// Filled up front and then written by index: pushing grew the array over and over and cost more
		// than the rest of the tokenizer together.
		this.texts = new Array<string>(capacity).fill('');
		// Sized from the source so a long file does not rehash the table again and again as its names
		// arrive: about one distinct name per 150 characters in real scripts, kept under half full, and
		// capped so a huge file still starts small enough and grows only if it must.
		let slots = 1024;
		while (slots < 1 << 16 && slots < source.length >> 6) {
			slots <<= 1;
		}

		this.interned = new Array<string | undefined>(slots);
		this.internedHashes = new Int32Array(slots);
	}

	add(kind: TokenKind, text: string, value: string | undefined, start: number, end: number): void {
		const k = this.count;
		if (k === this.kinds.length) {
			this.grow();
		}

		this.kinds[k] = kind;
		this.starts[k] = start;
		this.ends[k] = end;
		this.texts[k] = text;
		if (value !== undefined) {
			this.values.set(k, value);
		}
		this.count = k + 1;
	}

	/** The text of source[start, end), as the one string shared by every occurrence of it. */
	intern(start: number, end: number): string {
		const source = this.source;
		let hash = end - start;
		for (let k = start; k < end; k++) {
			hash = (Math.imul(hash, 31) + source.charCodeAt(k)) | 0;
		}

		const table = this.interned;
		const hashes = this.internedHashes;
		const mask = table.length - 1;
		for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
			const candidate = table[slot];
			if (candidate === undefined) {
				const text = source.slice(start, end);
				table[slot] = text;
				hashes[slot] = hash;
				if (++this.internedCount * 2 > table.length) {
					this.rehash();
				}

				return text;
			}

			// Equal hashes first: the text comparison then runs almost only on the real match.
			if (
				hashes[slot] === hash &&
				candidate.length === end - start &&
				source.startsWith(candidate, start)
			) {
				return candidate;
			}
		}
	}

	/** The finished stream, with arrays cut to the token count so reads past the end give undefined. */
	finish(lineStarts: number[]): TokenStream {
		const count = this.count;
		this.texts.length = count;
		// Views, not copies: their length is the token count all the same.
		const kinds = this.kinds.subarray(0, count);
		const { pair, enclosing } = pairBrackets(kinds, this.texts, count);
		return {
			count,
			kinds,
			texts: this.texts,
			values: this.values,
			starts: this.starts.subarray(0, count),
			ends: this.ends.subarray(0, count),
			pair,
			enclosing,
			lineStarts,
		};
	}

	private grow(): void {
		const capacity = this.kinds.length * 2;
		const kinds = new Uint8Array(capacity);
		kinds.set(this.kinds);
		const starts = new Int32Array(capacity);
		starts.set(this.starts);
		const ends = new Int32Array(capacity);
		ends.set(this.ends);
		this.kinds = kinds;
		this.starts = starts;
		this.ends = ends;
	}

	private rehash(): void {
		const old = this.interned;
		const oldHashes = this.internedHashes;
		const table = new Array<string | undefined>(old.length * 2);
		const hashes = new Int32Array(table.length);
		const mask = table.length - 1;
		for (let index = 0; index < old.length; index++) {
			const text = old[index];
			if (text === undefined) {
				continue;
			}

			let slot = oldHashes[index] & mask;
			while (table[slot] !== undefined) {
				slot = (slot + 1) & mask;
			}

			table[slot] = text;
			hashes[slot] = oldHashes[index];
		}

		this.interned = table;
		this.internedHashes = hashes;
	}
}

/** Tokenizes `source`; never throws (an unterminated string or comment runs to the end). */
export function tokenize(source: string, language: LexLanguage): TokenStream {
	const tokens = new TokenBuilder(source);
	const lineStarts = [0];
	const operators = OPERATORS_BY_FIRST[language];
	const characters = CHARACTER_TABLES[language];
	const javascriptCharacters = CHARACTER_TABLES.javascript;
	const length = source.length;
	let i = 0;

	const push = (kind: TokenKind, start: number, end: number) => {
		tokens.add(kind, source.slice(start, end), undefined, start, end);
	};

	// Advances over text that may span lines (strings, block comments), keeping line bookkeeping right.
	const countLines = (from: number, to: number) => {
		for (let k = from; k < to; k++) {
			if (source.charCodeAt(k) === 10) {
				lineStarts.push(k + 1);
			}
		}
	};

	// A shebang line is a comment in every language read here.
	if (source.startsWith('#!')) {
		const newline = source.indexOf('\n');
		i = newline < 0 ? length : newline;
	}

	while (i < length) {
		const code = source.charCodeAt(i);

		if (code === 10) {
			tokens.add(TokenKind.Newline, '\n', undefined, i, i + 1);
			lineStarts.push(i + 1);
			i++;
			continue;
		}

		if (code === 32 || code === 9 || code === 13 || code === 12) {
			i++;
			continue;
		}

		// Line continuation: the newline belongs to the same logical line.
		if (code === 92 && source.charCodeAt(i + 1) === 10) {
			i += 2;
			lineStarts.push(i);
			continue;
		}

		if (
			(code === 35 && language !== 'javascript') ||
			(code === 47 && language === 'javascript' && source.charCodeAt(i + 1) === 47)
		) {
			const newline = source.indexOf('\n', i);
			i = newline < 0 ? length : newline;
			continue;
		}

		if (code === 47 && language === 'javascript' && source.charCodeAt(i + 1) === 42) {
			const close = source.indexOf('*/', i + 2);
			const end = close < 0 ? length : close + 2;
			countLines(i, end);
			i = end;
			continue;
		}

		if (code === 34 || code === 39 || (code === 96 && language === 'javascript')) {
			const end = scanString(source, i, language, '');
			tokens.add(TokenKind.String, source.slice(i, end.end), end.value, i, end.end);
			countLines(i, end.end);
			i = end.end;
			continue;
		}

		// R quotes odd names in backticks; they are identifiers.
		if (code === 96 && language === 'r') {
			const close = source.indexOf('`', i + 1);
			const end = close < 0 ? length : close + 1;
			push(TokenKind.Identifier, i, end);
			countLines(i, end);
			i = end;
			continue;
		}

		if (isDigit(code) || (code === 46 && isDigit(source.charCodeAt(i + 1)) && language !== 'r')) {
			let end = i + 1;
			while (
				end < length &&
				(isIdentifierPart(source.charCodeAt(end), javascriptCharacters) ||
					source.charCodeAt(end) === 46)
			) {
				end++;
			}

			tokens.add(TokenKind.Number, tokens.intern(i, end), undefined, i, end);
			i = end;
			continue;
		}

		if (isIdentifierStart(code, characters)) {
			let end = i + 1;
			while (end < length && isIdentifierPart(source.charCodeAt(end), characters)) {
				end++;
			}

			const next = source.charCodeAt(end);
			if (
				language === 'python' &&
				(next === 34 || next === 39) &&
				PYTHON_PREFIX.test(source.slice(i, end))
			) {
				const prefix = source.slice(i, end).toLowerCase();
				const scanned = scanString(source, end, language, prefix);
				tokens.add(TokenKind.String, source.slice(i, scanned.end), scanned.value, i, scanned.end);
				countLines(i, scanned.end);
				i = scanned.end;
				continue;
			}

			tokens.add(TokenKind.Identifier, tokens.intern(i, end), undefined, i, end);
			i = end;
			continue;
		}

		if (code === 47 && language === 'javascript' && startsRegex(tokens)) {
			const end = scanRegex(source, i);
			if (end > 0) {
				push(TokenKind.Punctuation, i, end);
				i = end;
				continue;
			}
		}

		// R's user operators: %>%, %in%, %%.
		if (code === 37 && language === 'r') {
			const close = source.indexOf('%', i + 1);
			const newline = source.indexOf('\n', i + 1);
			if (close > 0 && (newline < 0 || close < newline)) {
				push(TokenKind.Punctuation, i, close + 1);
				i = close + 1;
				continue;
			}
		}

		// Operators take their text from the table, and one-character slices are V8's shared
		// single-character strings, so punctuation allocates no string.
		let text: string | undefined;
		const candidates = operators[code] ?? NONE;
		for (let k = 0; k < candidates.length; k++) {
			if (source.startsWith(candidates[k], i)) {
				text = candidates[k];
				break;
			}
		}

		text ??= source[i];
		tokens.add(TokenKind.Punctuation, text, undefined, i, i + text.length);
		i += text.length;
	}

	return tokens.finish(lineStarts);
}

function startsRegex(tokens: TokenBuilder): boolean {
	for (let k = tokens.count - 1; k >= 0; k--) {
		const kind = tokens.kinds[k];
		const text = tokens.texts[k];
		if (kind === TokenKind.Newline) {
			continue;
		}

		if (kind === TokenKind.Identifier) {
			return REGEX_AFTER_WORDS.has(text);
		}

		if (kind === TokenKind.Punctuation) {
			return text !== ')' && text !== ']' && text !== '}';
		}

		return false;
	}

	return true;
}

/** Returns the end of a regex literal starting at `start`, or -1 when the line ends first. */
function scanRegex(source: string, start: number): number {
	let inClass = false;
	for (let k = start + 1; k < source.length; k++) {
		const code = source.charCodeAt(k);
		if (code === 10) {
			return -1;
		}

		if (code === 92) {
			k++;
		} else if (code === 91) {
			inClass = true;
		} else if (code === 93) {
			inClass = false;
		} else if (code === 47 && !inClass) {
			let end = k + 1;
			while (
				end < source.length &&
				isIdentifierPart(source.charCodeAt(end), CHARACTER_TABLES.javascript)
			) {
				end++;
			}

			return end;
		}
	}

	return -1;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' };

/** Scans a string literal whose opening quote is at `start`; `prefix` holds Python's r/b/f letters. */
function scanString(
	source: string,
	start: number,
	language: LexLanguage,
	prefix: string,
): { end: number; value?: string } {
	const length = source.length;
	const quoteCode = source.charCodeAt(start);
	const triple =
		language === 'python' &&
		source.charCodeAt(start + 1) === quoteCode &&
		source.charCodeAt(start + 2) === quoteCode;
	const formatted = prefix.includes('f');
	// Fast path: most literals hold no escape, no interpolation and no line break.
	if (!triple && quoteCode !== 96 && !formatted) {
		for (let k = start + 1; k < length; k++) {
			const code = source.charCodeAt(k);
			if (code === quoteCode) {
				return { end: k + 1, value: source.slice(start + 1, k) };
			}

			if (code === 92 || code === 10) {
				break;
			}
		}
	}

	const opener = triple ? 3 : 1;
	const raw = prefix.includes('r');
	let interpolated = false;
	// The decoded value is built from runs of plain characters, each copied with one slice when an
	// escape (or the end) interrupts it, rather than one concatenation per character.
	let value = '';
	let k = start + opener;
	let run = k;
	let braces = 0;

	while (k < length) {
		const code = source.charCodeAt(k);
		if (code === 92 && !(raw && source.charCodeAt(k + 1) !== quoteCode)) {
			const next = source[k + 1] ?? '';
			value += source.slice(run, k) + (raw ? '\\' + next : (ESCAPES[next] ?? next));
			k += 2;
			run = k;
			continue;
		}

		// Inside `${…}` the value is already known to be interpolated, so its text is not kept.
		if (quoteCode === 96) {
			if (code === 36 && source.charCodeAt(k + 1) === 123) {
				interpolated = true;
				braces++;
				k += 2;
				continue;
			}

			if (braces > 0) {
				if (code === 123) {
					braces++;
				} else if (code === 125) {
					braces--;
				}

				k++;
				continue;
			}
		}

		if (
			code === quoteCode &&
			(!triple ||
				(source.charCodeAt(k + 1) === quoteCode && source.charCodeAt(k + 2) === quoteCode))
		) {
			return { end: k + opener, value: interpolated ? undefined : value + source.slice(run, k) };
		}

		// A single-quoted string never spans lines outside JS templates and R (which allows it).
		if (code === 10 && !triple && quoteCode !== 96 && language !== 'r') {
			return { end: k, value: undefined };
		}

		if (formatted && code === 123) {
			if (source.charCodeAt(k + 1) === 123) {
				value += source.slice(run, k) + '{';
				k += 2;
				run = k;
				continue;
			}

			interpolated = true;
		}

		k++;
	}

	return { end: length, value: undefined };
}

function pairBrackets(
	kinds: Uint8Array,
	texts: string[],
	count: number,
): { pair: Int32Array; enclosing: Int32Array } {
	const pair = new Int32Array(count).fill(-1);
	const enclosing = new Int32Array(count).fill(-1);
	// The open brackets, innermost last, in a typed array with its own depth counter (no array resizing).
	const stack = new Int32Array(count);
	let height = 0;
	for (let k = 0; k < count; k++) {
		enclosing[k] = height > 0 ? stack[height - 1] : -1;
		const text = texts[k];
		if (kinds[k] !== TokenKind.Punctuation || text.length !== 1) {
			continue;
		}

		if (text === '(' || text === '[' || text === '{') {
			stack[height++] = k;
		} else if (text === ')' || text === ']' || text === '}') {
			const open = text === ')' ? '(' : text === ']' ? '[' : '{';
			// Unbalanced closers (broken code while typing) are skipped rather than pairing wrongly.
			let depth = height - 1;
			while (depth >= 0 && texts[stack[depth]] !== open) {
				depth--;
			}

			if (depth >= 0) {
				const partner = stack[depth];
				height = depth;
				pair[k] = partner;
				pair[partner] = k;
				enclosing[k] = depth > 0 ? stack[depth - 1] : -1;
			}
		}
	}

	return { pair, enclosing };
}

/** Turns an offset into a 0-based line and column, using the stream's line table. */
export function positionAt(stream: TokenStream, offset: number): { line: number; column: number } {
	const starts = stream.lineStarts;
	let low = 0;
	let high = starts.length - 1;
	while (low < high) {
		const middle = (low + high + 1) >> 1;
		if (starts[middle] <= offset) {
			low = middle;
		} else {
			high = middle - 1;
		}
	}

	return { line: low, column: offset - starts[low] };
}
