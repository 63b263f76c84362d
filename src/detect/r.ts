/**
 * Conversion rules for R: jsonlite (`fromJSON`, `read_json`, `stream_in`) or `read.csv`-style readers
 * feeding `write.csv`, `write_csv`, `fwrite`, `write.table`, `write_parquet`, `write_xlsx` or
 * `write_json`, called directly or at the end of a pipe (`%>%`, `|>`).
 */
import type { DataFormat, Finding } from './finding';
import {
	joinPieces,
	readData,
	walkSource,
	type CallSite,
	type FlowRules,
	type FlowWalk,
	type ValueInfo,
} from './flow';
import { TokenKind } from './lexer';

const JSON_READERS = /^(fromJSON|read_json|stream_in)$/;
const CSV_READERS = /^(read\.csv|read\.csv2|read_csv|fread|read\.delim|read_tsv|read\.table)$/;

const WRITERS: Record<string, DataFormat> = {
	'write.csv': 'csv',
	'write.csv2': 'csv',
	write_csv: 'csv',
	write_excel_csv: 'csv',
	fwrite: 'csv',
	'write.table': 'tsv',
	write_tsv: 'tsv',
	write_parquet: 'parquet',
	write_xlsx: 'excel',
	'write.xlsx': 'excel',
	write_json: 'json',
	stream_out: 'ndjson',
};

function produce(walk: FlowWalk, call: CallSite): ValueInfo | undefined {
	const { name } = call;

	if (JSON_READERS.test(name) || CSV_READERS.test(name)) {
		const pathArg = walk.argument(call, 0, 'txt', 'path', 'file', 'con', 'input');
		const info = pathArg ? walk.infoOf(pathArg.start, pathArg.end) : {};
		let format: DataFormat = JSON_READERS.test(name)
			? name === 'stream_in'
				? 'ndjson'
				: 'json'
			: 'csv';
		if (name === 'read_tsv' || name === 'read.delim') {
			format = 'tsv';
		}

		return readData(walk, call, format, info.literal ?? info.file?.path, call.qualified);
	}

	if (name === 'file' || name === 'gzfile' || name === 'url') {
		return { file: { path: walk.argumentValue(call.args[0]), write: false } };
	}

	if (name === 'file.path' || call.qualified === 'here::here' || name === 'here') {
		return { literal: joinPieces(call.args.map((arg) => walk.argumentValue(arg))) };
	}

	if (/^(mock|local_mocked_bindings|with_mocked_bindings|stub)$/.test(name)) {
		return { mock: true };
	}

	return undefined;
}

/** Index of the pipe operator feeding this call, skipping line breaks; -1 when none. */
function pipeBefore(walk: FlowWalk, call: CallSite): number {
	let k = call.start - 1;
	while (k >= 0 && walk.kinds[k] === TokenKind.Newline) {
		k--;
	}

	return k >= 0 && /^(%>%|\|>)$/.test(walk.texts[k]) ? k : -1;
}

/** The data a writer writes: its first argument, or the left side of a pipe that ends in it. */
function writtenData(walk: FlowWalk, call: CallSite): ValueInfo['data'] {
	const kinds = walk.kinds;
	const texts = walk.texts;
	const pipe = pipeBefore(walk, call);
	if (pipe >= 0) {
		let start = pipe;
		while (start > 0) {
			const previous = texts[start - 1];
			if (kinds[start - 1] === TokenKind.Newline && !/^(%.*%|\|>)$/.test(texts[start - 2] ?? '')) {
				break;
			}

			if (previous === '<-' || previous === '=' || previous === '(' || previous === ',') {
				break;
			}

			const partner = walk.stream.pair[start - 1];
			start = (previous === ')' || previous === ']') && partner >= 0 ? partner : start - 1;
		}

		const piped = walk.infoOf(start, pipe).data;
		if (piped) {
			return piped;
		}
	}

	const first = walk.argument(call, 0, 'x');
	return first ? walk.infoOf(first.start, first.end).data : undefined;
}

function consume(walk: FlowWalk, call: CallSite): void {
	const target = Object.hasOwn(WRITERS, call.name) ? WRITERS[call.name] : undefined;
	if (!target) {
		return;
	}

	const data = writtenData(walk, call);
	if (!data || walk.isMocked(call.name)) {
		return;
	}

	const piped = pipeBefore(walk, call) >= 0;
	const pathArg = walk.argument(call, piped ? 0 : 1, 'file', 'path', 'sink', 'con');
	const toPath = walk.argumentValue(pathArg);
	let to = target;
	if (call.name === 'write.table' || call.name === 'fwrite') {
		const sep = walk.argumentValue(walk.argument(call, 99, 'sep'));
		to = sep === '\t' ? 'tsv' : sep === undefined && call.name === 'write.table' ? 'tsv' : 'csv';
	}

	walk.report({
		from: data,
		to,
		toPath,
		toRange: pathArg
			? walk.range(pathArg.start, pathArg.end - 1)
			: walk.range(call.start, call.close),
		writeRange: walk.range(call.start, call.close),
		converter: 'r',
		confidence: 'high',
		write: `${call.qualified}()`,
	});
}

const R_RULES: FlowRules = { language: 'r', produce, consume };

/** Finds data-format conversions in R source. */
export function detectR(source: string): Finding[] {
	return walkSource(source, R_RULES);
}
