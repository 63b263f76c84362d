/**
 * The data-flow walk shared by the Python, JavaScript/TypeScript and R detectors. It follows values
 * through simple assignments, loops, `with … as`, arrow-function parameters and list mutation, so a
 * write is reported only when the data it writes derives from data read in another format.
 */
import {
	conversionKind,
	type Confidence,
	type Converter,
	type DataFormat,
	type Finding,
	type SourceRange,
} from './finding';
import { positionAt, TokenKind, tokenize, type LexLanguage, type TokenStream } from './lexer';

/** Data read from a file (or from text) in a known format. */
export interface DataTaint {
	format: DataFormat;
	pathLiteral?: string;
	range: SourceRange;
	/** How it was read, as the code spells the call (`pd.read_json`). */
	reader: string;
	/** Variables it went through, in order. */
	chain: string[];
	/** Columns selected on the way (`df[['a', 'b']]`). */
	columns?: string[];
}

/** Text made by a converter call (CSV text from json2csv, JSON text from JSON.stringify of CSV rows). */
export interface ConvertedText {
	from: DataTaint;
	to: DataFormat;
	converter: Converter;
	confidence: Confidence;
	range: SourceRange;
	call: string;
	/** Heuristic conversions (hand-written joins) count only once written to a file. */
	mustBeWritten: boolean;
	written: boolean;
}

/** What the walk knows about a value. */
export interface ValueInfo {
	data?: DataTaint;
	/** A file handle, file text or path-like object, with its path when literal. */
	file?: { path?: string; write: boolean };
	/** A string value (usually a path). */
	literal?: string;
	/** A CSV writer object (Python's csv.writer / DictWriter). */
	writer?: { path?: string; format: DataFormat };
	converted?: ConvertedText;
	mock?: boolean;
}

/** One argument of a call: its token range and keyword name, if any. */
export interface Argument {
	start: number;
	end: number;
	name?: string;
}

/** A call site: `receiver.name(args)` or `name(args)`. */
export interface CallSite {
	/** Index of the callee's name token. */
	index: number;
	name: string;
	/** The dotted callee as written (`pd.read_json`, `fs.promises.writeFile`). */
	qualified: string;
	/** Index of the first token of the whole call (receiver included). */
	start: number;
	open: number;
	close: number;
	/** Token range of the receiver expression, for method calls. */
	receiver?: { start: number; end: number };
	args: Argument[];
}

/** Language-specific knowledge plugged into the walk. */
export interface FlowRules {
	language: LexLanguage;
	/** What a call evaluates to (readers, converters, file handles, mocks); must not report. */
	produce(walk: FlowWalk, call: CallSite): ValueInfo | undefined;
	/** Side effects of a call in program order: writes (findings) and mutations. */
	consume(walk: FlowWalk, call: CallSite): void;
}

// Token kinds as module constants. Transpiled file by file (tsx, which runs the tests and benchmarks),
// a `const enum` imported from another module is read through that module's export getter at every
// use, and the walk's loops compare kinds on every token; the bundle inlines either form.
const IDENTIFIER: number = TokenKind.Identifier;
const STRING: number = TokenKind.String;
const PUNCTUATION: number = TokenKind.Punctuation;
const NEWLINE: number = TokenKind.Newline;

/** Words in a callee that mark a mock or patch call. */
const MOCK_WORDS = /patch|mock|spyon|stub/i;

const UNSEEN = -1;
const NOT_A_CALL = -2;

const MEMBER = new Set(['.', '?.', '::', ':::', '$', '@']);

/** Calls that turn data into a number or a label (Python, R); what they return is not the data. */
const SCALAR_CALLS = new Set([
	'len',
	'str',
	'int',
	'float',
	'bool',
	'print',
	'type',
	'isinstance',
	'id',
	'repr',
	'hash',
	'nrow',
	'ncol',
	'length',
	'NROW',
	'NCOL',
	'format',
	'sprintf',
	'paste',
	'paste0',
	'cat',
	'message',
]);

/** Properties that describe data rather than hold it (`rows.length`, `df.shape`). */
const SCALAR_MEMBERS = new Set(['length', 'size', 'shape', 'columns', 'dtypes', 'ndim']);

// What infoOf returns when nothing is known, shared rather than allocated per call; the walk and the
// rules only read the values they are given, never change them.
const NOTHING: ValueInfo = {};
const NOTHING_BUT_NO_LITERAL: ValueInfo = { literal: undefined };

/** The state of one walk over one source file. */
export class FlowWalk {
	readonly stream: TokenStream;
	/** The token arrays of `stream`, held directly because the walk reads them on every step. */
	readonly kinds: Uint8Array;
	readonly texts: string[];
	readonly values: Map<number, string>;
	readonly count: number;
	readonly variables = new Map<string, ValueInfo>();
	readonly findings: Finding[] = [];
	/** Imported module names (JavaScript) and every string handed to a mock/patch call. */
	readonly modules = new Set<string>();
	readonly mocked: string[] = [];
	private readonly converted: ConvertedText[] = [];
	private readonly reportedWrites = new Set<string>();

	constructor(
		source: string,
		readonly rules: FlowRules,
	) {
		this.code = source;
		this.stream = tokenize(source, rules.language);
		this.kinds = this.stream.kinds;
		this.texts = this.stream.texts;
		this.values = this.stream.values;
		this.count = this.stream.count;
		this.callSlots = new Int32Array(this.count).fill(UNSEEN);
		this.producedSeen = new Uint8Array(this.count);
	}

	/** Runs the walk and returns the findings in source order. */
	run(): Finding[] {
		this.scanImportsAndMocks();
		const kinds = this.kinds;
		for (let i = 0; i < this.count; i++) {
			if (kinds[i] !== IDENTIFIER) {
				continue;
			}

			this.bindAt(i);
			const call = this.callAt(i);
			if (call) {
				const info = this.produceCall(call);
				if (info?.converted) {
					this.rememberConverted(info.converted);
				}

				this.rules.consume(this, call);
			}
		}

		for (const converted of this.converted) {
			if (!converted.written && !converted.mustBeWritten) {
				this.report({
					from: converted.from,
					to: converted.to,
					toPath: undefined,
					toRange: converted.range,
					writeRange: converted.range,
					converter: converted.converter,
					confidence: converted.confidence,
					write: converted.call,
				});
			}
		}

		return this.findings.sort(
			(a, b) => a.writeRange.line - b.writeRange.line || a.writeRange.column - b.writeRange.column,
		);
	}

	private rememberConverted(converted: ConvertedText): void {
		if (!this.converted.includes(converted)) {
			this.converted.push(converted);
		}
	}

	/** Binds variables introduced at token `i`: assignments, loop variables, `with … as`, arrow parameters. */
	private bindAt(i: number): void {
		const kinds = this.kinds;
		const texts = this.texts;
		const name = texts[i];
		// Undefined before the first token, as a missing token object was.
		const previous = texts[i - 1] as string | undefined;
		const language = this.rules.language;

		if (kinds[i + 1] === PUNCTUATION) {
			const op = texts[i + 1];
			const isAssign = op === '=' || (language === 'r' && (op === '<-' || op === '<<-'));
			if (
				(isAssign || op === '+=' || op === ':=') &&
				!(previous !== undefined && MEMBER.has(previous)) &&
				!this.insideCallArguments(i)
			) {
				const end = this.expressionEnd(i + 2);
				const info = this.infoOf(i + 2, end);
				if (op === '+=') {
					this.assign(name, mergeInfo(this.variables.get(name) ?? {}, info));
				} else {
					this.assign(name, info);
				}

				return;
			}

			// TypeScript: `const rows: Row[] = …`.
			if (
				op === ':' &&
				language === 'javascript' &&
				(previous === 'const' || previous === 'let' || previous === 'var')
			) {
				for (let k = i + 2; k < this.count && kinds[k] !== NEWLINE; k++) {
					if (texts[k] === '=') {
						this.assign(name, this.infoOf(k + 1, this.expressionEnd(k + 1)));
						return;
					}

					if (texts[k] === ';') {
						return;
					}
				}
			}

			if (language === 'javascript' && op === '=>') {
				this.bindArrow(i, [name]);
				return;
			}
		}

		if (name === 'for') {
			this.bindLoop(i);
		} else if (name === 'as' && language === 'python') {
			this.bindWithAs(i);
		} else if (language === 'javascript' && kinds[i] === IDENTIFIER && previous === '(') {
			// `(a, b) => …`: parameters are the identifiers up to the paired ')' followed by '=>'.
			const close = this.stream.pair[i - 1];
			if (close > i && texts[close + 1] === '=>') {
				const names: string[] = [];
				for (let k = i; k < close; k++) {
					if (kinds[k] === IDENTIFIER && (texts[k + 1] === ',' || k + 1 === close)) {
						names.push(texts[k]);
					}
				}

				this.bindArrow(i - 1, names);
			}
		}
	}

	/** Arrow-function parameters take the value of the receiver of the call they are passed to. */
	private bindArrow(paramStart: number, names: string[]): void {
		const open = this.enclosingOpen(paramStart);
		if (open < 0 || this.texts[open] !== '(' || open === 0) {
			return;
		}

		const callee = open - 1;
		const before = this.texts[callee - 1] as string | undefined;
		if (this.kinds[callee] !== IDENTIFIER || before === undefined || !MEMBER.has(before)) {
			return;
		}

		const receiverStart = this.postfixStart(callee - 2);
		const info = this.infoOf(receiverStart, callee - 1);
		for (const name of names) {
			this.assign(name, info);
		}
	}

	private bindLoop(i: number): void {
		const kinds = this.kinds;
		const texts = this.texts;
		const count = this.count;
		const language = this.rules.language;
		let start = i + 1;
		if (language !== 'python') {
			if (texts[start] !== '(') {
				return;
			}

			start++;
			if (/^(const|let|var)$/.test(texts[start] ?? '')) {
				start++;
			}
		}

		const names: string[] = [];
		let k = start;
		for (; k < count && k < start + 12; k++) {
			const text = texts[k];
			if (text === 'in' || text === 'of') {
				break;
			}

			if (kinds[k] === IDENTIFIER) {
				names.push(text);
			}
		}

		if (k >= count || (texts[k] !== 'in' && texts[k] !== 'of')) {
			return;
		}

		let end: number;
		if (language === 'python') {
			end = k + 1;
			while (
				end < count &&
				kinds[end] !== NEWLINE &&
				!(texts[end] === ':') &&
				!(texts[end] === ']' || texts[end] === ')' || texts[end] === '}' || texts[end] === 'if')
			) {
				end = this.stream.pair[end] > end ? this.stream.pair[end] + 1 : end + 1;
			}
		} else {
			const close = this.stream.pair[start - (texts[start - 1] === '(' ? 1 : 2)];
			end = close > k ? close : this.expressionEnd(k + 1);
		}

		const info = this.infoOf(k + 1, end);
		for (const name of names) {
			this.assign(name, info);
		}
	}

	private bindWithAs(i: number): void {
		if (this.kinds[i + 1] !== IDENTIFIER) {
			return;
		}

		let k = i - 1;
		while (k >= 0) {
			const text = this.texts[k];
			if (text === 'with' || text === ',' || this.kinds[k] === NEWLINE) {
				break;
			}

			if ((text === ')' || text === ']') && this.stream.pair[k] >= 0) {
				k = this.stream.pair[k];
			}

			k--;
		}

		this.assign(this.texts[i + 1], this.infoOf(k + 1, i));
	}

	/** Records a value for a variable, extending its data chain. */
	assign(name: string, info: ValueInfo): void {
		const data = info.data && { ...info.data, chain: [...info.data.chain, name] };
		this.variables.set(name, {
			data,
			file: info.file,
			literal: info.literal,
			writer: info.writer,
			converted: info.converted,
			mock: info.mock,
		});
	}

	/** The innermost open bracket around token `i`, or -1. */
	enclosingOpen(i: number): number {
		return this.stream.enclosing[i] ?? -1;
	}

	private insideCallArguments(i: number): boolean {
		const open = this.enclosingOpen(i);
		return open >= 0 && this.texts[open] === '(';
	}

	/** Where the expression starting at `from` ends (exclusive). */
	expressionEnd(from: number): number {
		const kinds = this.kinds;
		const texts = this.texts;
		const count = this.count;
		const pair = this.stream.pair;
		const language = this.rules.language;
		let k = from;
		while (k < count) {
			const kind = kinds[k];
			const text = texts[k];
			if (kind === PUNCTUATION) {
				if ((text === '(' || text === '[' || text === '{') && pair[k] > k) {
					k = pair[k] + 1;
					continue;
				}

				if (
					text === ')' ||
					text === ']' ||
					text === '}' ||
					text === ';' ||
					(text === ',' && language !== 'python')
				) {
					return k;
				}
			}

			if (kind === NEWLINE && k > from) {
				const after = this.nextSignificant(k);
				const continues =
					kinds[k - 1] === PUNCTUATION &&
					/^(=|\+|-|\*|\/|,|\?|:|&&|\|\||\?\?|%.*%|\|>|=>|<-)$/.test(texts[k - 1]);
				const continuesNext =
					language === 'javascript' &&
					after !== undefined &&
					kinds[after] === PUNCTUATION &&
					/^(\.|\?\.|\+|-|\*|\/|\?|:|&&|\|\||\?\?)$/.test(texts[after]);
				if (!continues && !continuesNext) {
					return k;
				}
			}

			k++;
		}

		return k;
	}

	private nextSignificant(k: number): number | undefined {
		for (let j = k + 1; j < this.count; j++) {
			if (this.kinds[j] !== NEWLINE) {
				return j;
			}
		}

		return undefined;
	}

	/** The first token of a postfix expression (`a.b(c)[d]`) that ends at token `k`. */
	postfixStart(k: number): number {
		const kinds = this.kinds;
		const texts = this.texts;
		const pair = this.stream.pair;
		let start = k;
		while (start >= 0) {
			const text = texts[start];
			if ((text === ')' || text === ']') && pair[start] >= 0) {
				start = pair[start] - 1;
				if (start >= 0 && kinds[start] === IDENTIFIER) {
					continue;
				}

				return start + 1;
			}

			if (kinds[start] === IDENTIFIER || kinds[start] === STRING) {
				const before = texts[start - 1] as string | undefined;
				if (before !== undefined && MEMBER.has(before)) {
					start -= 2;
					continue;
				}

				if (before === 'new') {
					return start - 1;
				}

				return start;
			}

			return start + 1;
		}

		return 0;
	}

	/** The call whose callee name is token `i`, if `i` is followed by `(`. */
	callAt(i: number): CallSite | undefined {
		const slot = this.callSlots[i];
		if (slot >= 0) {
			return this.callSites[slot];
		}

		if (slot === NOT_A_CALL) {
			return undefined;
		}

		const call = this.findCall(i);
		if (call) {
			this.callSlots[i] = this.callSites.length;
			this.callSites.push(call);
			this.produced.push(undefined);
		} else {
			this.callSlots[i] = NOT_A_CALL;
		}

		return call;
	}

	// Per token: UNSEEN, NOT_A_CALL, or the index of its call site (a dense array stays fast).
	private readonly callSlots: Int32Array;
	private readonly callSites: CallSite[] = [];
	// Per call slot: whether the call's value was computed, and the value (arrays, not a map keyed by
	// token index: the walk asks for them at every call).
	private readonly producedSeen: Uint8Array;
	private readonly produced: Array<ValueInfo | undefined> = [];

	private findCall(i: number): CallSite | undefined {
		const kinds = this.kinds;
		const texts = this.texts;
		if (kinds[i] !== IDENTIFIER || texts[i + 1] !== '(') {
			return undefined;
		}

		const open = i + 1;
		const close = this.stream.pair[open];
		if (close < 0) {
			return undefined;
		}

		let start = i;
		while (start >= 2 && MEMBER.has(texts[start - 1]) && kinds[start - 2] === IDENTIFIER) {
			start -= 2;
		}

		// Written without gaps and without `?.`, the callee is one slice of the source; otherwise it is
		// joined from its parts (one string either way, but a slice is one allocation, not one per part).
		const starts = this.stream.starts;
		const ends = this.stream.ends;
		let contiguous = true;
		for (let k = start; k < i && contiguous; k++) {
			contiguous = ends[k] === starts[k + 1] && texts[k] !== '?.';
		}

		let qualified = texts[i];
		if (contiguous && start < i) {
			qualified = this.code.slice(starts[start], ends[i]);
		} else {
			for (let k = i - 1; k >= start; k--) {
				qualified = (texts[k] === '?.' ? '.' : texts[k]) + qualified;
			}
		}

		let receiver: CallSite['receiver'];
		if (i >= 2 && MEMBER.has(texts[i - 1])) {
			const receiverStart = this.postfixStart(i - 2);
			receiver = { start: receiverStart, end: i - 1 };
			start = Math.min(start, receiverStart);
		}

		return new LazyCall(this, i, texts[i], qualified, start, open, close, receiver);
	}

	/** The arguments between the brackets `open` and `close`. */
	splitArguments(open: number, close: number): Argument[] {
		const kinds = this.kinds;
		const texts = this.texts;
		const pair = this.stream.pair;
		const args: Argument[] = [];
		let start = open + 1;
		for (let k = open + 1; k <= close; k++) {
			const text = texts[k];
			if ((text === '(' || text === '[' || text === '{') && pair[k] > k && k !== close) {
				k = pair[k];
				continue;
			}

			if (k === close || (text === ',' && kinds[k] === PUNCTUATION)) {
				let argStart = start;
				while (argStart < k && kinds[argStart] === NEWLINE) {
					argStart++;
				}

				if (argStart < k) {
					const named =
						kinds[argStart] === IDENTIFIER && texts[argStart + 1] === '=' && argStart + 2 < k;
					args.push(
						named
							? { start: argStart + 2, end: k, name: texts[argStart] }
							: { start: argStart, end: k },
					);
				}

				start = k + 1;
			}
		}

		return args;
	}

	/** The call's value, computed once per call site. */
	produceCall(call: CallSite): ValueInfo | undefined {
		// Every call site comes from callAt, so it has a slot; the slot indexes the produced values.
		const slot = this.callSlots[call.index];
		if (this.producedSeen[slot] === 1) {
			return this.produced[slot];
		}

		// Guard against re-entry while this call's own arguments are being evaluated.
		this.producedSeen[slot] = 1;
		const info = this.rules.produce(this, call);
		this.produced[slot] = info;
		return info;
	}

	/** Everything known about the value of the tokens in [start, end). */
	infoOf(start: number, end: number): ValueInfo {
		const kinds = this.kinds;
		const texts = this.texts;
		// The first contribution is used as it is and copied only if the literal must be dropped: a
		// copy per call was most of the walk's garbage, and no caller changes a value it is given.
		let info: ValueInfo | undefined;
		let borrowed = false;
		let contributions = 0;
		const single =
			end - start === 1 && kinds[start] === STRING ? this.values.get(start) : undefined;
		if (single !== undefined) {
			return { literal: single };
		}

		for (let k = start; k < end; k++) {
			if (kinds[k] !== IDENTIFIER) {
				continue;
			}

			if (this.rules.language === 'javascript') {
				this.bindAt(k);
			}

			const call = this.callAt(k);
			if (call && call.receiver === undefined && SCALAR_CALLS.has(call.name)) {
				// `len(events)` is a number about the data, not the data: nothing flows through it.
				k = call.close;
				continue;
			}

			if (call) {
				const produced = this.produceCall(call);
				if (produced && !isEmptyInfo(produced)) {
					if (info === undefined) {
						info = produced;
						borrowed = true;
					} else {
						info = mergeInfo(info, produced);
						borrowed = false;
					}

					contributions++;
					if (produced.data || produced.converted || produced.mock) {
						k = call.close;
					}
				}

				continue;
			}

			const previous = texts[k - 1] as string | undefined;
			if (previous !== undefined && MEMBER.has(previous) && k - 1 >= start) {
				continue;
			}

			// Keyword argument names (`fieldnames=`) are not references.
			if (texts[k + 1] === '=' && k + 1 < end) {
				continue;
			}

			if (texts[k + 1] === '.' && SCALAR_MEMBERS.has(texts[k + 2] ?? '') && texts[k + 3] !== '(') {
				k += 2;
				continue;
			}

			const known = this.variables.get(texts[k]);
			if (known && !isEmptyInfo(known)) {
				const selected = known.data ? this.selectedColumns(k + 1) : undefined;
				const value =
					selected && known.data ? { ...known, data: { ...known.data, columns: selected } } : known;
				if (info === undefined) {
					info = value;
					borrowed = true;
				} else {
					info = mergeInfo(info, value);
					borrowed = false;
				}

				contributions++;
			}
		}

		if (contributions > 1 || end - start > 1) {
			// A literal only survives when the expression is that one value.
			if (!(contributions === 1 && this.isSingleValue(start, end))) {
				if (info === undefined) {
					return NOTHING_BUT_NO_LITERAL;
				}

				if (borrowed) {
					info = { ...info };
				}

				info.literal = undefined;
			}
		}

		return info ?? NOTHING;
	}

	private isSingleValue(start: number, end: number): boolean {
		if (this.kinds[start] !== IDENTIFIER) {
			return false;
		}

		const call = this.callAt(start);
		if (call) {
			return call.close === end - 1;
		}

		if (this.postfixStart(end - 1) !== start) {
			return false;
		}

		for (let k = start; k < end && k < this.count; k++) {
			if (this.texts[k] === '[') {
				return false;
			}
		}

		return true;
	}

	/** Column names in a `[['a', 'b']]` subscript starting at token `open`, if that is what is there. */
	selectedColumns(open: number): string[] | undefined {
		const texts = this.texts;
		if (texts[open] !== '[' || texts[open + 1] !== '[') {
			return undefined;
		}

		return this.stringList(open + 1);
	}

	/** The values of a `['a', 'b']` list literal whose `[` is token `open`. */
	stringList(open: number): string[] | undefined {
		const close = this.stream.pair[open];
		if (close < 0) {
			return undefined;
		}

		const names: string[] = [];
		for (let k = open + 1; k < close; k++) {
			const kind = this.kinds[k];
			const value = this.values.get(k);
			if (kind === STRING && value !== undefined) {
				names.push(value);
			} else if (this.texts[k] !== ',' && kind !== NEWLINE) {
				return undefined;
			}
		}

		return names.length > 0 ? names : undefined;
	}

	/** The string an argument evaluates to, when it is a literal or built from literals. */
	argumentValue(argument: Argument | undefined): string | undefined {
		if (!argument) {
			return undefined;
		}

		return this.infoOf(argument.start, argument.end).literal;
	}

	/** The argument at `position` or named one of `names`. */
	argument(call: CallSite, position: number, ...names: string[]): Argument | undefined {
		const named = call.args.find((arg) => arg.name !== undefined && names.includes(arg.name));
		if (named) {
			return named;
		}

		const positional = call.args.filter((arg) => arg.name === undefined);
		return positional[position];
	}

	/** Info of all arguments of a call taken together. */
	argumentsInfo(call: CallSite): ValueInfo {
		return this.infoOf(call.open + 1, call.close);
	}

	/** Source range covering tokens [start, end]. */
	range(start: number, end: number): SourceRange {
		const to = positionAt(this.stream, this.stream.ends[end]);
		const from = positionAt(this.stream, this.stream.starts[start]);
		return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
	}

	/** Source text of tokens [start, end] as written, for evidence lines. */
	text(start: number, end: number): string {
		return this.sourceText.slice(this.stream.starts[start], this.stream.ends[end]);
	}

	private get sourceText(): string {
		return this.count > 0 ? this.source : '';
	}

	private source = '';

	/** Sets the source text used for evidence (the tokenizer keeps offsets only). */
	withSource(source: string): this {
		this.source = source;
		return this;
	}

	/** True when a mock or patch call in this file names `name` (e.g. `patch('pandas.DataFrame.to_csv')`). */
	isMocked(...names: string[]): boolean {
		return this.mocked.some((value) =>
			names.some((name) => value === name || value.endsWith(`.${name}`) || value.includes(name)),
		);
	}

	/**
	 * True when a name of the dotted callee ending at token `k` holds a mock word. The separators hold
	 * no letters, so this is the test on the whole callee, but it asks once per distinct name (names are
	 * shared strings) instead of building every callee and running a regular expression on it.
	 */
	private namesMock(k: number): boolean {
		const texts = this.texts;
		for (let part = k; ; part -= 2) {
			let mocks = this.mockNames.get(texts[part]);
			if (mocks === undefined) {
				mocks = MOCK_WORDS.test(texts[part]);
				this.mockNames.set(texts[part], mocks);
			}

			if (mocks) {
				return true;
			}

			if (!(part >= 2 && MEMBER.has(texts[part - 1]) && this.kinds[part - 2] === IDENTIFIER)) {
				return false;
			}
		}
	}

	private readonly mockNames = new Map<string, boolean>();
	/** The tokenized source, for callee names taken as one slice. */
	private readonly code: string;

	private scanImportsAndMocks(): void {
		const kinds = this.kinds;
		const texts = this.texts;
		const count = this.count;
		for (let k = 0; k < count; k++) {
			const kind = kinds[k];
			const value = kind === STRING ? this.values.get(k) : undefined;
			if (value !== undefined) {
				const before = texts[k - 1];
				const beforeCall = texts[k - 2];
				if (
					before === 'from' ||
					before === 'import' ||
					(before === '(' && (beforeCall === 'require' || beforeCall === 'import'))
				) {
					this.modules.add(value);
				}

				continue;
			}

			if (kind !== IDENTIFIER || texts[k + 1] !== '(' || !this.namesMock(k)) {
				continue;
			}

			const call = this.callAt(k);
			if (!call || !MOCK_WORDS.test(call.qualified)) {
				continue;
			}

			for (let j = call.open + 1; j < call.close; j++) {
				const value = this.values.get(j);
				if (kinds[j] === STRING && value) {
					this.mocked.push(value);
				} else if (kinds[j] === IDENTIFIER) {
					this.mocked.push(texts[j]);
				}
			}
		}
	}

	/** Reports a conversion once per write site. */
	report(options: {
		from: DataTaint;
		to: DataFormat;
		toPath: string | undefined;
		toRange: SourceRange;
		writeRange: SourceRange;
		converter: Converter;
		confidence: Confidence;
		write: string;
		columns?: string[];
	}): void {
		const key = `${options.writeRange.line}:${options.writeRange.column}`;
		if (this.reportedWrites.has(key) || options.from.format === options.to) {
			return;
		}

		this.reportedWrites.add(key);
		const from = options.from;
		const columns = options.columns ?? from.columns;
		const through = from.chain.length > 0 ? ` through ${from.chain.join(' → ')}` : '';
		const source = from.pathLiteral ? ` from ${from.pathLiteral}` : '';
		const target = options.toPath ? ` to ${options.toPath}` : '';
		this.findings.push({
			kind: conversionKind(from.format, options.to),
			from: { format: from.format, pathLiteral: from.pathLiteral, range: from.range },
			to: { format: options.to, pathLiteral: options.toPath, range: options.toRange },
			writeRange: options.writeRange,
			converter: options.converter,
			confidence:
				from.pathLiteral === undefined && options.confidence === 'high'
					? 'medium'
					: options.confidence,
			evidence: `${from.format.toUpperCase()} read by ${from.reader}${source} (line ${from.range.line + 1}) reaches ${options.write}${target} (line ${options.writeRange.line + 1})${through}`,
			...(columns ? { columns } : {}),
		});
	}
}

/**
 * A call site whose arguments are split on first use: the walk makes one for every call in the file,
 * and the rules ask most of them only for their name.
 */
class LazyCall implements CallSite {
	private split: Argument[] | undefined;

	constructor(
		private readonly walk: FlowWalk,
		readonly index: number,
		readonly name: string,
		readonly qualified: string,
		readonly start: number,
		readonly open: number,
		readonly close: number,
		readonly receiver: CallSite['receiver'],
	) {}

	get args(): Argument[] {
		this.split ??= this.walk.splitArguments(this.open, this.close);
		return this.split;
	}
}

function isEmptyInfo(info: ValueInfo): boolean {
	return (
		info.data === undefined &&
		info.file === undefined &&
		info.literal === undefined &&
		info.writer === undefined &&
		info.converted === undefined &&
		!info.mock
	);
}

/**
 * What a reading call returns: data in `format` from `pathLiteral` (when the code names it), read by
 * `reader` as the code spells it, with no variables passed through yet.
 */
export function readData(
	walk: FlowWalk,
	call: CallSite,
	format: DataFormat,
	pathLiteral: string | undefined,
	reader: string,
): ValueInfo {
	return {
		data: { format, pathLiteral, range: walk.range(call.start, call.close), reader, chain: [] },
	};
}

/** Combines what two values carry (the first value's facts win where both have one). */
export function mergeInfo(a: ValueInfo, b: ValueInfo): ValueInfo {
	return {
		data: a.data && (a.data.pathLiteral || !b.data?.pathLiteral) ? a.data : (b.data ?? a.data),
		file: a.file ?? b.file,
		literal: a.literal ?? b.literal,
		writer: a.writer ?? b.writer,
		converted: a.converted ?? b.converted,
		mock: a.mock || b.mock || undefined,
	};
}

/** Joins path pieces the way code builds them (`os.path.join`, `path.join`, `file.path`). */
export function joinPieces(pieces: Array<string | undefined>): string | undefined {
	if (pieces.length === 0 || pieces.some((piece) => piece === undefined)) {
		return undefined;
	}

	return (pieces as string[]).reduce((joined, piece) => {
		if (piece.startsWith('/')) {
			return piece;
		}

		return joined === '' ? piece : `${joined.replace(/\/+$/, '')}/${piece}`;
	}, '');
}

/** Runs a walk with the given rules over `source`. */
export function walkSource(source: string, rules: FlowRules): Finding[] {
	return new FlowWalk(source, rules).withSource(source).run();
}
