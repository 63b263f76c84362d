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

export interface Token {
	kind: TokenKind;
	/** Source text (for strings: the raw literal including quotes). */
	text: string;
	/** Decoded value of a string literal; absent when it interpolates (f-strings, `${}`). */
	value?: string;
	start: number;
	end: number;
}

/** Tokens plus, for each bracket token, the index of its partner (-1 when unbalanced or not a bracket). */
export interface TokenStream {
	tokens: Token[];
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

function isIdentifierStart(code: number, language: LexLanguage): boolean {
	return (
		(code >= 97 && code <= 122) ||
		(code >= 65 && code <= 90) ||
		code === 95 ||
		(code === 36 && language === 'javascript') ||
		(code === 46 && language === 'r') ||
		code > 127
	);
}

function isIdentifierPart(code: number, language: LexLanguage): boolean {
	return (
		isIdentifierStart(code, language) ||
		(code >= 48 && code <= 57) ||
		(code === 46 && language === 'r')
	);
}

function isDigit(code: number): boolean {
	return code >= 48 && code <= 57;
}

const PYTHON_PREFIX = /^(?:r|u|b|f|br|rb|fr|rf)$/i;

/** Tokenizes `source`; never throws (an unterminated string or comment runs to the end). */
export function tokenize(source: string, language: LexLanguage): TokenStream {
	const tokens: Token[] = [];
	const lineStarts = [0];
	const operators = OPERATORS_BY_FIRST[language];
	const length = source.length;
	let i = 0;

	const push = (kind: TokenKind, start: number, end: number, value?: string) => {
		tokens.push({ kind, text: source.slice(start, end), value, start, end });
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
			push(TokenKind.Newline, i, i + 1);
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
			const token: Token = {
				kind: TokenKind.String,
				text: source.slice(i, end.end),
				value: end.value,
				start: i,
				end: end.end,
			};
			tokens.push(token);
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
				(isIdentifierPart(source.charCodeAt(end), 'javascript') || source.charCodeAt(end) === 46)
			) {
				end++;
			}

			push(TokenKind.Number, i, end);
			i = end;
			continue;
		}

		if (isIdentifierStart(code, language)) {
			let end = i + 1;
			while (end < length && isIdentifierPart(source.charCodeAt(end), language)) {
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
				tokens.push({
					kind: TokenKind.String,
					text: source.slice(i, scanned.end),
					value: scanned.value,
					start: i,
					end: scanned.end,
				});
				countLines(i, scanned.end);
				i = scanned.end;
				continue;
			}

			push(TokenKind.Identifier, i, end);
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

		let matched = 1;
		for (const operator of operators[code] ?? NONE) {
			if (source.startsWith(operator, i)) {
				matched = operator.length;
				break;
			}
		}

		push(TokenKind.Punctuation, i, i + matched);
		i += matched;
	}

	const { pair, enclosing } = pairBrackets(tokens);
	return { tokens, pair, enclosing, lineStarts };
}

function startsRegex(tokens: Token[]): boolean {
	for (let k = tokens.length - 1; k >= 0; k--) {
		const token = tokens[k];
		if (token.kind === TokenKind.Newline) {
			continue;
		}

		if (token.kind === TokenKind.Identifier) {
			return REGEX_AFTER_WORDS.has(token.text);
		}

		if (token.kind === TokenKind.Punctuation) {
			return token.text !== ')' && token.text !== ']' && token.text !== '}';
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
			while (end < source.length && isIdentifierPart(source.charCodeAt(end), 'javascript')) {
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
	const quote = source[start];
	const triple = language === 'python' && source.startsWith(quote.repeat(3), start);
	// Fast path: most literals hold no escape, no interpolation and no line break.
	if (!triple && quote !== '`' && !prefix.includes('f')) {
		const quoteCode = source.charCodeAt(start);
		for (let k = start + 1; k < source.length; k++) {
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
	let value = '';
	let k = start + opener;
	let braces = 0;

	while (k < source.length) {
		const char = source[k];
		if (char === '\\' && !(raw && source[k + 1] !== quote)) {
			const next = source[k + 1] ?? '';
			value += raw ? char + next : (ESCAPES[next] ?? next);
			k += 2;
			continue;
		}

		if (quote === '`') {
			if (char === '$' && source[k + 1] === '{') {
				interpolated = true;
				braces++;
				k += 2;
				continue;
			}

			if (braces > 0) {
				if (char === '{') {
					braces++;
				} else if (char === '}') {
					braces--;
				}

				k++;
				continue;
			}
		}

		if (triple ? source.startsWith(quote.repeat(3), k) : char === quote) {
			return { end: k + opener, value: interpolated ? undefined : value };
		}

		// A single-quoted string never spans lines outside JS templates and R (which allows it).
		if (char === '\n' && !triple && quote !== '`' && language !== 'r') {
			return { end: k, value: undefined };
		}

		if (prefix.includes('f') && char === '{') {
			if (source[k + 1] === '{') {
				value += '{';
				k += 2;
				continue;
			}

			interpolated = true;
		}

		value += char;
		k++;
	}

	return { end: source.length, value: undefined };
}

function pairBrackets(tokens: Token[]): { pair: Int32Array; enclosing: Int32Array } {
	const pair = new Int32Array(tokens.length).fill(-1);
	const enclosing = new Int32Array(tokens.length).fill(-1);
	const stack: number[] = [];
	for (let k = 0; k < tokens.length; k++) {
		const token = tokens[k];
		enclosing[k] = stack.length > 0 ? stack[stack.length - 1] : -1;
		if (token.kind !== TokenKind.Punctuation || token.text.length !== 1) {
			continue;
		}

		const text = token.text;
		if (text === '(' || text === '[' || text === '{') {
			stack.push(k);
		} else if (text === ')' || text === ']' || text === '}') {
			const open = text === ')' ? '(' : text === ']' ? '[' : '{';
			// Unbalanced closers (broken code while typing) are skipped rather than pairing wrongly.
			let depth = stack.length - 1;
			while (depth >= 0 && tokens[stack[depth]].text !== open) {
				depth--;
			}

			if (depth >= 0) {
				const partner = stack[depth];
				stack.length = depth;
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
