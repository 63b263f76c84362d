/**
 * Conversion rules for shell scripts: `jq` filters that use `@csv`/`@tsv`, Miller with JSON in and
 * CSV/TSV out (or the reverse), csvkit's `in2csv` and `csvjson`, and the json2csv command. Words are
 * split the way the shell splits them, so commands quoted inside `echo "…"` or comments never count.
 */
import {
	conversionKind,
	formatOfPath,
	type Converter,
	type DataFormat,
	type Finding,
	type SourceRange,
} from './finding';

interface Word {
	value: string;
	start: number;
	end: number;
	/** True for operators (`|`, `>`, `;`, …) rather than words. */
	operator: boolean;
}

const OPERATORS = ['&&', '||', '>>', '&>', '2>', '|', ';', '&', '>', '<', '(', ')', '\n'];
const OPERATOR_STARTS = new Set(OPERATORS.map((operator) => operator[0]));
/** Characters that end a word. */
const WORD_ENDS = new Set([' ', '\t', '\r', '\n', '|', ';', '&', '<', '>', '(', ')']);
/** Characters that end a run of plain word characters: word ends, quotes, `$` and backslash. */
const PLAIN_ENDS = new Set([...WORD_ENDS, "'", '"', '$', '\\']);

// The same two sets as flags per character code (all of them ASCII), so the per-character loops
// compare numbers instead of hashing one-character strings.
const WORD_END = 1;
const PLAIN_END = 2;
const CHARACTER_FLAGS = new Uint8Array(128);
for (const char of WORD_ENDS) {
	CHARACTER_FLAGS[char.charCodeAt(0)] |= WORD_END;
}

for (const char of PLAIN_ENDS) {
	CHARACTER_FLAGS[char.charCodeAt(0)] |= PLAIN_END;
}

function hasFlag(code: number, flag: number): boolean {
	return code < 128 && (CHARACTER_FLAGS[code] & flag) !== 0;
}

/** Splits shell source into words and operators; comments and here-document bodies are dropped. */
function splitWords(source: string): Word[] {
	const words: Word[] = [];
	const pendingHeredocs: string[] = [];
	let i = 0;

	while (i < source.length) {
		const char = source[i];
		// The shell splits words on blanks only; other whitespace (vertical tab, no-break space) is text.
		if (char === ' ' || char === '\t' || char === '\r') {
			i++;
			continue;
		}

		if (char === '\\' && source[i + 1] === '\n') {
			i += 2;
			continue;
		}

		if (char === '#') {
			const newline = source.indexOf('\n', i);
			i = newline < 0 ? source.length : newline;
			continue;
		}

		if (char === '\n' && pendingHeredocs.length > 0) {
			words.push({ value: '\n', start: i, end: i + 1, operator: true });
			// Skip here-document bodies up to their delimiter lines.
			let cursor = i + 1;
			for (const delimiter of pendingHeredocs.splice(0)) {
				const pattern = new RegExp(
					`^\\t*${delimiter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
					'm',
				);
				const match = pattern.exec(source.slice(cursor));
				cursor = match ? cursor + match.index + match[0].length : source.length;
			}

			i = cursor;
			continue;
		}

		if (source.startsWith('<<', i) && source[i + 2] !== '<') {
			const match = /^<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/.exec(source.slice(i, i + 80));
			if (match) {
				pendingHeredocs.push(match[2]);
				i += match[0].length;
				continue;
			}
		}

		// Only a few characters can start an operator; testing them first spares a search per word.
		const operator = OPERATOR_STARTS.has(char)
			? OPERATORS.find((op) => source.startsWith(op, i))
			: undefined;
		if (operator && !(operator === '2>' && /\S/.test(source[i - 1] ?? ' '))) {
			words.push({ value: operator, start: i, end: i + operator.length, operator: true });
			i += operator.length;
			continue;
		}

		let value = '';
		const start = i;
		while (i < source.length) {
			if (hasFlag(source.charCodeAt(i), WORD_END)) {
				break;
			}

			const c = source[i];

			if (c === "'") {
				const close = source.indexOf("'", i + 1);
				const end = close < 0 ? source.length : close;
				value += source.slice(i + 1, end);
				i = end + 1;
			} else if (c === '"') {
				// Copied in runs between backslashes, one slice each rather than one append per character.
				let k = i + 1;
				let run = k;
				while (k < source.length && source[k] !== '"') {
					if (source[k] === '\\' && k + 1 < source.length) {
						value += source.slice(run, k);
						k++;
						run = k;
					}

					k++;
				}

				value += source.slice(run, k);
				i = k + 1;
			} else if (c === '$' && source[i + 1] === '(') {
				// Command substitution stays one opaque word.
				let depth = 0;
				let k = i + 1;
				for (; k < source.length; k++) {
					if (source[k] === '(') {
						depth++;
					} else if (source[k] === ')' && --depth === 0) {
						break;
					}
				}

				value += source.slice(i, k + 1);
				i = k + 1;
			} else if (c === '\\') {
				value += source[i + 1] ?? '';
				i += 2;
			} else {
				// A run of plain characters is copied with one slice.
				let k = i + 1;
				while (k < source.length && !hasFlag(source.charCodeAt(k), PLAIN_END)) {
					k++;
				}

				value += source.slice(i, k);
				i = k;
			}
		}

		// Always move on, whatever character stopped the word (a stray one must not stall the loop).
		if (i === start) {
			i++;
			continue;
		}

		words.push({ value, start, end: Math.min(i, source.length), operator: false });
	}

	return words;
}

interface Command {
	words: Word[];
	/** Redirect targets: `>` / `>>` output, `<` input. */
	output?: Word;
	input?: Word;
}

/** Groups words into pipelines of commands. */
function pipelines(words: Word[]): Command[][] {
	const result: Command[][] = [];
	let pipeline: Command[] = [];
	let command: Command = { words: [] };
	// An empty command or pipeline (one per blank line or `;`) is kept for the next one rather than
	// replaced, so line breaks allocate nothing.
	const finishCommand = () => {
		if (command.words.length > 0) {
			pipeline.push(command);
			command = { words: [] };
		} else if (command.output || command.input) {
			command = { words: [] };
		}
	};

	for (let k = 0; k < words.length; k++) {
		const word = words[k];
		if (!word.operator) {
			command.words.push(word);
			continue;
		}

		if (word.value === '>' || word.value === '>>' || word.value === '&>') {
			const target = words[k + 1];
			if (target && !target.operator) {
				command.output = target;
				k++;
			}

			continue;
		}

		if (word.value === '<' || word.value === '2>') {
			const target = words[k + 1];
			if (target && !target.operator) {
				if (word.value === '<') {
					command.input = target;
				}

				k++;
			}

			continue;
		}

		finishCommand();
		if (word.value !== '|' && pipeline.length > 0) {
			result.push(pipeline);
			pipeline = [];
		}
	}

	finishCommand();
	if (pipeline.length > 0) {
		result.push(pipeline);
	}

	return result;
}

const PREFIXES = new Set(['sudo', 'time', 'nice', 'env', 'command', 'exec', 'nohup']);

/** The program word of a command, skipping `VAR=value` assignments and wrappers like `sudo`. */
function programIndex(command: Command): number {
	let k = 0;
	while (
		k < command.words.length &&
		(/^[A-Za-z_][A-Za-z0-9_]*=/.test(command.words[k].value) ||
			PREFIXES.has(command.words[k].value))
	) {
		k++;
	}

	return k;
}

interface Conversion {
	from: DataFormat;
	to: DataFormat;
	converter: Converter;
	inputs: Word[];
	why: string;
	columns?: string[];
}

const JQ_OPTIONS_WITH_TWO_VALUES = new Set(['--arg', '--argjson', '--slurpfile', '--rawfile']);
const JQ_OPTIONS_WITH_VALUE = new Set(['-f', '--from-file', '--indent', '-L']);

function jq(words: Word[]): Conversion | undefined {
	let filter: Word | undefined;
	const inputs: Word[] = [];
	let fromFile = false;
	for (let k = 0; k < words.length; k++) {
		const value = words[k].value;
		if (JQ_OPTIONS_WITH_TWO_VALUES.has(value)) {
			k += 2;
		} else if (JQ_OPTIONS_WITH_VALUE.has(value)) {
			fromFile ||= value === '-f' || value === '--from-file';
			k += 1;
		} else if (value.startsWith('-') && value.length > 1 && filter === undefined) {
			continue;
		} else if (filter === undefined && !fromFile) {
			filter = words[k];
		} else {
			inputs.push(words[k]);
		}
	}

	const to = /@csv\b/.test(filter?.value ?? '')
		? 'csv'
		: /@tsv\b/.test(filter?.value ?? '')
			? 'tsv'
			: undefined;
	if (!to) {
		return undefined;
	}

	// `[.id, .name] | @csv`: the fields the filter keeps, when they are plain paths.
	const kept = /\[\s*(\.[\w.]+(?:\s*,\s*\.[\w.]+)*)\s*\]\s*\|\s*@(?:csv|tsv)/.exec(
		filter?.value ?? '',
	);
	const columns = kept?.[1].split(',').map((field) => field.trim().slice(1));
	return { from: 'json', to, converter: 'jq', inputs, why: `jq filter with @${to}`, columns };
}

const MILLER_FORMATS: Record<string, DataFormat> = {
	json: 'json',
	jsonl: 'ndjson',
	csv: 'csv',
	tsv: 'tsv',
	csvlite: 'csv',
	tsvlite: 'tsv',
	parquet: 'parquet',
};
const MILLER_SHORT: Record<string, DataFormat> = { j: 'json', l: 'ndjson', c: 'csv', t: 'tsv' };

function miller(words: Word[]): Conversion | undefined {
	let input: DataFormat | undefined;
	let output: DataFormat | undefined;
	const inputs: Word[] = [];
	for (let k = 0; k < words.length; k++) {
		const value = words[k].value;
		const both = /^--(json|jsonl|csv|tsv|csvlite|tsvlite)$/.exec(value);
		const single = /^--([io])(json|jsonl|csv|tsv|csvlite|tsvlite|parquet)$/.exec(value);
		const short = /^--([jlct])2([jlct])$/.exec(value);
		if (both) {
			input = output = MILLER_FORMATS[both[1]];
		} else if (single) {
			if (single[1] === 'i') {
				input = MILLER_FORMATS[single[2]];
			} else {
				output = MILLER_FORMATS[single[2]];
			}
		} else if (short) {
			input = MILLER_SHORT[short[1]];
			output = MILLER_SHORT[short[2]];
		} else if ((value === '-i' || value === '-o' || value === '--io') && words[k + 1]) {
			const format = MILLER_FORMATS[words[k + 1].value];
			if (value !== '-o') {
				input = format;
			}

			if (value !== '-i') {
				output = format;
			}

			k++;
		} else if (!value.startsWith('-') && formatOfPath(value) !== undefined) {
			inputs.push(words[k]);
		}
	}

	const jsonIn = input === 'json' || input === 'ndjson';
	const tableIn = input === 'csv' || input === 'tsv';
	const convertsJson = jsonIn && (output === 'csv' || output === 'tsv' || output === 'parquet');
	const convertsTable =
		tableIn && (output === 'json' || output === 'ndjson' || output === 'parquet');
	if (!input || !output || !(convertsJson || convertsTable)) {
		return undefined;
	}

	return {
		from: input,
		to: output,
		converter: 'miller',
		inputs,
		why: `Miller reading ${input} and writing ${output}`,
	};
}

function csvkit(program: string, words: Word[]): Conversion | undefined {
	const inputs = words.filter(
		(word) => !word.value.startsWith('-') && formatOfPath(word.value) !== undefined,
	);
	if (program === 'csvjson') {
		return { from: 'csv', to: 'json', converter: 'python-csv', inputs, why: 'csvkit csvjson' };
	}

	const formatFlag = words.findIndex((word) => word.value === '-f' || word.value === '--format');
	const declared = formatFlag >= 0 ? words[formatFlag + 1]?.value : undefined;
	const from =
		declared === 'json'
			? 'json'
			: declared === 'ndjson'
				? 'ndjson'
				: formatOfPath(inputs[0]?.value);
	if (from !== 'json' && from !== 'ndjson') {
		return undefined;
	}

	return { from, to: 'csv', converter: 'python-csv', inputs, why: 'csvkit in2csv' };
}

function json2csvCommand(words: Word[]): { conversion: Conversion; output?: Word } | undefined {
	const inputs: Word[] = [];
	let output: Word | undefined;
	for (let k = 0; k < words.length; k++) {
		if ((words[k].value === '-i' || words[k].value === '--input') && words[k + 1]) {
			inputs.push(words[++k]);
		} else if ((words[k].value === '-o' || words[k].value === '--output') && words[k + 1]) {
			output = words[++k];
		}
	}

	return {
		conversion: { from: 'json', to: 'csv', converter: 'node', inputs, why: 'the json2csv command' },
		output,
	};
}

/** Finds data-format conversions in a shell script. */
export function detectShell(source: string): Finding[] {
	const lineStarts = [0];
	for (let k = source.indexOf('\n'); k >= 0; k = source.indexOf('\n', k + 1)) {
		lineStarts.push(k + 1);
	}

	const position = (offset: number) => {
		let low = 0;
		let high = lineStarts.length - 1;
		while (low < high) {
			const middle = (low + high + 1) >> 1;
			if (lineStarts[middle] <= offset) {
				low = middle;
			} else {
				high = middle - 1;
			}
		}

		return { line: low, column: offset - lineStarts[low] };
	};

	const range = (start: number, end: number): SourceRange => {
		const from = position(start);
		const to = position(end);
		return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
	};

	const findings: Finding[] = [];
	for (const pipeline of pipelines(splitWords(source))) {
		for (let index = 0; index < pipeline.length; index++) {
			const command = pipeline[index];
			const programAt = programIndex(command);
			const programWord = command.words[programAt];
			if (!programWord) {
				continue;
			}

			// The name after the last slash; the arguments are copied only for a converter (most commands
			// are not one), and without a closure per command.
			const program = programWord.value.slice(programWord.value.lastIndexOf('/') + 1);
			let conversion: Conversion | undefined;
			let explicitOutput: Word | undefined;
			if (program === 'jq' || program === 'gojq' || program === 'jaq') {
				conversion = jq(command.words.slice(programAt + 1));
			} else if (program === 'mlr') {
				conversion = miller(command.words.slice(programAt + 1));
			} else if (program === 'in2csv' || program === 'csvjson') {
				conversion = csvkit(program, command.words.slice(programAt + 1));
			} else if (program === 'json2csv') {
				const result = json2csvCommand(command.words.slice(programAt + 1));
				conversion = result?.conversion;
				explicitOutput = result?.output;
			}

			if (!conversion) {
				continue;
			}

			// The input: a file argument, a `<` redirect, or `cat FILE |` earlier in the pipeline.
			let input: Word | undefined = conversion.inputs[0] ?? command.input;
			if (!input && index > 0) {
				const previous = pipeline[index - 1];
				const previousProgram = previous.words[programIndex(previous)];
				if (previousProgram && /^(cat|zcat|gunzip|head|tail)$/.test(previousProgram.value)) {
					input = previous.words
						.slice(programIndex(previous) + 1)
						.find((word) => !word.value.startsWith('-'));
				}
			}

			// The output: an explicit option, a redirect on this or a later command, or `tee FILE`.
			let output = explicitOutput ?? command.output;
			for (let later = index + 1; !output && later < pipeline.length; later++) {
				const next = pipeline[later];
				output =
					next.output ??
					(next.words[programIndex(next)]?.value === 'tee'
						? next.words[programIndex(next) + 1]
						: undefined);
			}

			const last = command.words[command.words.length - 1];
			const writeRange = range(
				programWord.start,
				(output && output.end > last.end ? output : last).end,
			);
			const usable = (word: Word | undefined) =>
				word && !word.value.includes('$') ? word.value : undefined;
			const inputPath = usable(input);
			const outputPath = usable(output);
			const to =
				conversion.to === 'csv' && formatOfPath(outputPath) === 'tsv' ? 'tsv' : conversion.to;
			findings.push({
				kind: conversionKind(conversion.from, to),
				from: {
					format: conversion.from,
					pathLiteral: inputPath,
					range: input ? range(input.start, input.end) : writeRange,
				},
				to: {
					format: to,
					pathLiteral: outputPath,
					range: output ? range(output.start, output.end) : writeRange,
				},
				writeRange,
				converter: conversion.converter,
				...(conversion.columns ? { columns: conversion.columns } : {}),
				confidence: inputPath ? 'high' : 'medium',
				evidence: `${conversion.why}${inputPath ? ` reads ${inputPath}` : ''}${outputPath ? ` and writes ${outputPath}` : ''} (line ${writeRange.line + 1})`,
			});
		}
	}

	return findings;
}
