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
import {
	positionAt,
	TokenKind,
	tokenize,
	type LexLanguage,
	type Token,
	type TokenStream,
} from './lexer';

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

/** The state of one walk over one source file. */
export class FlowWalk {
	readonly stream: TokenStream;
	readonly tokens: Token[];
	readonly variables = new Map<string, ValueInfo>();
	readonly findings: Finding[] = [];
	/** Imported module names (JavaScript) and every string handed to a mock/patch call. */
	readonly modules = new Set<string>();
	readonly mocked: string[] = [];
	private readonly produced = new Map<number, ValueInfo | undefined>();
	private readonly converted: ConvertedText[] = [];
	private readonly reportedWrites = new Set<string>();

	constructor(
		source: string,
		readonly rules: FlowRules,
	) {
		this.stream = tokenize(source, rules.language);
		this.tokens = this.stream.tokens;
		this.callSlots = new Int32Array(this.tokens.length).fill(UNSEEN);
	}

	/** Runs the walk and returns the findings in source order. */
	run(): Finding[] {
		this.scanImportsAndMocks();
		const tokens = this.tokens;
		for (let i = 0; i < tokens.length; i++) {
			const token = tokens[i];
			if (token.kind !== TokenKind.Identifier) {
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
		const tokens = this.tokens;
		const token = tokens[i];
		const next = tokens[i + 1];
		const previous = tokens[i - 1];
		const language = this.rules.language;

		if (next?.kind === TokenKind.Punctuation) {
			const op = next.text;
			const isAssign = op === '=' || (language === 'r' && (op === '<-' || op === '<<-'));
			if (
				(isAssign || op === '+=' || op === ':=') &&
				!(previous && MEMBER.has(previous.text)) &&
				!this.insideCallArguments(i)
			) {
				const end = this.expressionEnd(i + 2);
				const info = this.infoOf(i + 2, end);
				if (op === '+=') {
					this.assign(token.text, mergeInfo(this.variables.get(token.text) ?? {}, info));
				} else {
					this.assign(token.text, info);
				}

				return;
			}

			// TypeScript: `const rows: Row[] = …`.
			if (
				op === ':' &&
				language === 'javascript' &&
				previous &&
				/^(const|let|var)$/.test(previous.text)
			) {
				for (let k = i + 2; k < tokens.length && tokens[k].kind !== TokenKind.Newline; k++) {
					if (tokens[k].text === '=') {
						this.assign(token.text, this.infoOf(k + 1, this.expressionEnd(k + 1)));
						return;
					}

					if (tokens[k].text === ';') {
						return;
					}
				}
			}

			if (language === 'javascript' && op === '=>') {
				this.bindArrow(i, [token.text]);
				return;
			}
		}

		if (token.text === 'for') {
			this.bindLoop(i);
		} else if (token.text === 'as' && language === 'python') {
			this.bindWithAs(i);
		} else if (
			language === 'javascript' &&
			token.kind === TokenKind.Identifier &&
			previous?.text === '('
		) {
			// `(a, b) => …`: parameters are the identifiers up to the paired ')' followed by '=>'.
			const close = this.stream.pair[i - 1];
			if (close > i && tokens[close + 1]?.text === '=>') {
				const names: string[] = [];
				for (let k = i; k < close; k++) {
					if (
						tokens[k].kind === TokenKind.Identifier &&
						(tokens[k + 1]?.text === ',' || k + 1 === close)
					) {
						names.push(tokens[k].text);
					}
				}

				this.bindArrow(i - 1, names);
			}
		}
	}

	/** Arrow-function parameters take the value of the receiver of the call they are passed to. */
	private bindArrow(paramStart: number, names: string[]): void {
		const open = this.enclosingOpen(paramStart);
		if (open < 0 || this.tokens[open].text !== '(' || open === 0) {
			return;
		}

		const callee = open - 1;
		const before = this.tokens[callee - 1];
		if (this.tokens[callee].kind !== TokenKind.Identifier || !before || !MEMBER.has(before.text)) {
			return;
		}

		const receiverStart = this.postfixStart(callee - 2);
		const info = this.infoOf(receiverStart, callee - 1);
		for (const name of names) {
			this.assign(name, info);
		}
	}

	private bindLoop(i: number): void {
		const tokens = this.tokens;
		const language = this.rules.language;
		let start = i + 1;
		if (language !== 'python') {
			if (tokens[start]?.text !== '(') {
				return;
			}

			start++;
			if (/^(const|let|var)$/.test(tokens[start]?.text ?? '')) {
				start++;
			}
		}

		const names: string[] = [];
		let k = start;
		for (; k < tokens.length && k < start + 12; k++) {
			const text = tokens[k].text;
			if (text === 'in' || text === 'of') {
				break;
			}

			if (tokens[k].kind === TokenKind.Identifier) {
				names.push(text);
			}
		}

		if (k >= tokens.length || (tokens[k].text !== 'in' && tokens[k].text !== 'of')) {
			return;
		}

		let end: number;
		if (language === 'python') {
			end = k + 1;
			while (
				end < tokens.length &&
				tokens[end].kind !== TokenKind.Newline &&
				!(tokens[end].text === ':') &&
				!(
					tokens[end].text === ']' ||
					tokens[end].text === ')' ||
					tokens[end].text === '}' ||
					tokens[end].text === 'if'
				)
			) {
				end = this.stream.pair[end] > end ? this.stream.pair[end] + 1 : end + 1;
			}
		} else {
			const close = this.stream.pair[start - (tokens[start - 1].text === '(' ? 1 : 2)];
			end = close > k ? close : this.expressionEnd(k + 1);
		}

		const info = this.infoOf(k + 1, end);
		for (const name of names) {
			this.assign(name, info);
		}
	}

	private bindWithAs(i: number): void {
		const target = this.tokens[i + 1];
		if (target?.kind !== TokenKind.Identifier) {
			return;
		}

		let k = i - 1;
		while (k >= 0) {
			const text = this.tokens[k].text;
			if (text === 'with' || text === ',' || this.tokens[k].kind === TokenKind.Newline) {
				break;
			}

			if ((text === ')' || text === ']') && this.stream.pair[k] >= 0) {
				k = this.stream.pair[k];
			}

			k--;
		}

		this.assign(target.text, this.infoOf(k + 1, i));
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
		return open >= 0 && this.tokens[open].text === '(';
	}

	/** Where the expression starting at `from` ends (exclusive). */
	expressionEnd(from: number): number {
		const tokens = this.tokens;
		const pair = this.stream.pair;
		const language = this.rules.language;
		let k = from;
		while (k < tokens.length) {
			const token = tokens[k];
			const text = token.text;
			if (token.kind === TokenKind.Punctuation) {
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

			if (token.kind === TokenKind.Newline && k > from) {
				const before = tokens[k - 1];
				const after = this.nextSignificant(k);
				const continues =
					before.kind === TokenKind.Punctuation &&
					/^(=|\+|-|\*|\/|,|\?|:|&&|\|\||\?\?|%.*%|\|>|=>|<-)$/.test(before.text);
				const continuesNext =
					language === 'javascript' &&
					after !== undefined &&
					tokens[after].kind === TokenKind.Punctuation &&
					/^(\.|\?\.|\+|-|\*|\/|\?|:|&&|\|\||\?\?)$/.test(tokens[after].text);
				if (!continues && !continuesNext) {
					return k;
				}
			}

			k++;
		}

		return k;
	}

	private nextSignificant(k: number): number | undefined {
		for (let j = k + 1; j < this.tokens.length; j++) {
			if (this.tokens[j].kind !== TokenKind.Newline) {
				return j;
			}
		}

		return undefined;
	}

	/** The first token of a postfix expression (`a.b(c)[d]`) that ends at token `k`. */
	postfixStart(k: number): number {
		const tokens = this.tokens;
		const pair = this.stream.pair;
		let start = k;
		while (start >= 0) {
			const text = tokens[start].text;
			if ((text === ')' || text === ']') && pair[start] >= 0) {
				start = pair[start] - 1;
				if (start >= 0 && tokens[start].kind === TokenKind.Identifier) {
					continue;
				}

				return start + 1;
			}

			if (tokens[start].kind === TokenKind.Identifier || tokens[start].kind === TokenKind.String) {
				const before = tokens[start - 1];
				if (before && MEMBER.has(before.text)) {
					start -= 2;
					continue;
				}

				if (before?.text === 'new') {
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
		} else {
			this.callSlots[i] = NOT_A_CALL;
		}

		return call;
	}

	// Per token: UNSEEN, NOT_A_CALL, or the index of its call site (a dense array stays fast).
	private readonly callSlots: Int32Array;
	private readonly callSites: CallSite[] = [];

	private findCall(i: number): CallSite | undefined {
		const tokens = this.tokens;
		if (tokens[i].kind !== TokenKind.Identifier || tokens[i + 1]?.text !== '(') {
			return undefined;
		}

		const open = i + 1;
		const close = this.stream.pair[open];
		if (close < 0) {
			return undefined;
		}

		let start = i;
		while (
			start >= 2 &&
			MEMBER.has(tokens[start - 1].text) &&
			tokens[start - 2].kind === TokenKind.Identifier
		) {
			start -= 2;
		}

		let qualified = tokens[i].text;
		for (let k = i - 1; k >= start; k--) {
			qualified = (tokens[k].text === '?.' ? '.' : tokens[k].text) + qualified;
		}

		let receiver: CallSite['receiver'];
		if (i >= 2 && MEMBER.has(tokens[i - 1].text)) {
			const receiverStart = this.postfixStart(i - 2);
			receiver = { start: receiverStart, end: i - 1 };
			start = Math.min(start, receiverStart);
		}

		return {
			index: i,
			name: tokens[i].text,
			qualified,
			start,
			open,
			close,
			receiver,
			args: this.splitArguments(open, close),
		};
	}

	private splitArguments(open: number, close: number): Argument[] {
		const tokens = this.tokens;
		const pair = this.stream.pair;
		const args: Argument[] = [];
		let start = open + 1;
		for (let k = open + 1; k <= close; k++) {
			const text = tokens[k].text;
			if ((text === '(' || text === '[' || text === '{') && pair[k] > k && k !== close) {
				k = pair[k];
				continue;
			}

			if (k === close || (text === ',' && tokens[k].kind === TokenKind.Punctuation)) {
				let argStart = start;
				while (argStart < k && tokens[argStart].kind === TokenKind.Newline) {
					argStart++;
				}

				if (argStart < k) {
					const named =
						tokens[argStart].kind === TokenKind.Identifier &&
						tokens[argStart + 1]?.text === '=' &&
						argStart + 2 < k;
					args.push(
						named
							? { start: argStart + 2, end: k, name: tokens[argStart].text }
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
		if (this.produced.has(call.index)) {
			return this.produced.get(call.index);
		}

		// Guard against re-entry while this call's own arguments are being evaluated.
		this.produced.set(call.index, undefined);
		const info = this.rules.produce(this, call);
		this.produced.set(call.index, info);
		return info;
	}

	/** Everything known about the value of the tokens in [start, end). */
	infoOf(start: number, end: number): ValueInfo {
		const tokens = this.tokens;
		let info: ValueInfo = {};
		let contributions = 0;
		if (
			end - start === 1 &&
			tokens[start].kind === TokenKind.String &&
			tokens[start].value !== undefined
		) {
			return { literal: tokens[start].value };
		}

		for (let k = start; k < end; k++) {
			const token = tokens[k];
			if (token.kind !== TokenKind.Identifier) {
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
					info = contributions === 0 ? { ...produced } : mergeInfo(info, produced);
					contributions++;
					if (produced.data || produced.converted || produced.mock) {
						k = call.close;
					}
				}

				continue;
			}

			const previous = tokens[k - 1];
			if (previous && MEMBER.has(previous.text) && k - 1 >= start) {
				continue;
			}

			// Keyword argument names (`fieldnames=`) are not references.
			if (tokens[k + 1]?.text === '=' && k + 1 < end) {
				continue;
			}

			if (
				tokens[k + 1]?.text === '.' &&
				SCALAR_MEMBERS.has(tokens[k + 2]?.text ?? '') &&
				tokens[k + 3]?.text !== '('
			) {
				k += 2;
				continue;
			}

			const known = this.variables.get(token.text);
			if (known && !isEmptyInfo(known)) {
				const selected = known.data ? this.selectedColumns(k + 1) : undefined;
				const value =
					selected && known.data ? { ...known, data: { ...known.data, columns: selected } } : known;
				info = contributions === 0 ? { ...value } : mergeInfo(info, value);
				contributions++;
			}
		}

		if (contributions > 1 || end - start > 1) {
			// A literal only survives when the expression is that one value.
			if (!(contributions === 1 && this.isSingleValue(start, end))) {
				info.literal = undefined;
			}
		}

		return info;
	}

	private isSingleValue(start: number, end: number): boolean {
		const first = this.tokens[start];
		if (first?.kind !== TokenKind.Identifier) {
			return false;
		}

		const call = this.callAt(start);
		if (call) {
			return call.close === end - 1;
		}

		return (
			this.postfixStart(end - 1) === start &&
			!this.tokens.slice(start, end).some((token) => token.text === '[')
		);
	}

	/** Column names in a `[['a', 'b']]` subscript starting at token `open`, if that is what is there. */
	selectedColumns(open: number): string[] | undefined {
		const tokens = this.tokens;
		if (tokens[open]?.text !== '[' || tokens[open + 1]?.text !== '[') {
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
			const token = this.tokens[k];
			if (token.kind === TokenKind.String && token.value !== undefined) {
				names.push(token.value);
			} else if (token.text !== ',' && token.kind !== TokenKind.Newline) {
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
		const first = this.tokens[start];
		const last = this.tokens[end];
		const to = positionAt(this.stream, last.end);
		const from = positionAt(this.stream, first.start);
		return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
	}

	/** Source text of tokens [start, end] as written, for evidence lines. */
	text(start: number, end: number): string {
		const source = this.tokens[start];
		const last = this.tokens[end];
		return this.sourceText.slice(source.start, last.end);
	}

	private get sourceText(): string {
		return this.tokens.length > 0 ? this.source : '';
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

	private scanImportsAndMocks(): void {
		const tokens = this.tokens;
		for (let k = 0; k < tokens.length; k++) {
			const token = tokens[k];
			if (token.kind === TokenKind.String && token.value !== undefined) {
				const before = tokens[k - 1]?.text;
				const beforeCall = tokens[k - 2]?.text;
				if (
					before === 'from' ||
					before === 'import' ||
					(before === '(' && (beforeCall === 'require' || beforeCall === 'import'))
				) {
					this.modules.add(token.value);
				}

				continue;
			}

			if (token.kind !== TokenKind.Identifier || tokens[k + 1]?.text !== '(') {
				continue;
			}

			const call = this.callAt(k);
			if (!call || !/patch|mock|spyon|stub/i.test(call.qualified)) {
				continue;
			}

			for (let j = call.open + 1; j < call.close; j++) {
				const arg = tokens[j];
				if (arg.kind === TokenKind.String && arg.value) {
					this.mocked.push(arg.value);
				} else if (arg.kind === TokenKind.Identifier) {
					this.mocked.push(arg.text);
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
