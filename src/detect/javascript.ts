/**
 * Conversion rules for JavaScript and TypeScript: json2csv and @json2csv, papaparse `unparse`,
 * csv-stringify fed by `JSON.parse`, hand-written `join(',')` of parsed JSON written to a file,
 * papaparse/csv-parse output written as JSON, and hyparquet-writer's Parquet writers.
 */
import type { DataFormat, Finding } from './finding';
import { formatOfPath } from './finding';
import {
	joinPieces,
	readData,
	walkSource,
	type CallSite,
	type FlowRules,
	type FlowWalk,
	type ValueInfo,
} from './flow';

const DELIMITERS: Record<string, DataFormat> = { ',': 'csv', ';': 'csv', '\t': 'tsv' };

function importsModule(walk: FlowWalk, test: (name: string) => boolean): boolean {
	for (const name of walk.modules) {
		if (test(name)) {
			return true;
		}
	}

	return false;
}

// Names the rules test at every call, as sets: a lookup instead of a regular expression per call.
const FILE_READERS = new Set(['readFileSync', 'readFile', 'createReadStream']);
const FILE_WRITERS = new Set([
	'writeFileSync',
	'writeFile',
	'appendFileSync',
	'appendFile',
	'outputFile',
	'outputFileSync',
]);
const PARQUET_WRITERS = new Set(['parquetWrite', 'parquetWriteFile', 'parquetWriteBuffer']);
const MOCK_MAKERS = new Set(
	['jest', 'vi', 'sinon'].flatMap((library) =>
		['fn', 'spyOn', 'stub', 'mock'].map((maker) => `${library}.${maker}`),
	),
);

const isJson2csv = (name: string) => name === 'json2csv' || name.startsWith('@json2csv/');

function produce(walk: FlowWalk, call: CallSite): ValueInfo | undefined {
	const { name, qualified } = call;
	const lowered = qualified.toLowerCase();

	if (qualified === 'JSON.parse') {
		const file = walk.argumentsInfo(call).file;
		const format = formatOfPath(file?.path) === 'ndjson' ? 'ndjson' : 'json';
		return readData(walk, call, format, file?.path, 'JSON.parse');
	}

	if (FILE_READERS.has(name) || lowered === 'bun.file') {
		return { file: { path: walk.argumentValue(call.args[0]), write: false } };
	}

	if (name === 'createWriteStream') {
		return { file: { path: walk.argumentValue(call.args[0]), write: true } };
	}

	if (name === 'require' && call.receiver === undefined) {
		const path = walk.argumentValue(call.args[0]);
		if (formatOfPath(path) === 'json') {
			return readData(walk, call, 'json', path, 'require');
		}

		return undefined;
	}

	if (
		lowered === 'papa.parse' ||
		lowered === 'papaparse.parse' ||
		name === 'csvParse' ||
		(name === 'parse' &&
			call.receiver === undefined &&
			importsModule(walk, (module) => module.startsWith('csv-parse')))
	) {
		const file = walk.argumentsInfo(call).file;
		const format = formatOfPath(file?.path) === 'tsv' ? 'tsv' : 'csv';
		return readData(walk, call, format, file?.path, qualified);
	}

	if (
		(qualified === 'path.join' ||
			qualified === 'path.resolve' ||
			qualified === 'path.posix.join') &&
		call.args.length > 0
	) {
		// `__dirname` and `process.cwd()` anchor the path at the script's folder or the workspace, which
		// the resolver tries anyway.
		const pieces = call.args
			.filter((arg) => !/^(__dirname|process|import)$/.test(walk.texts[arg.start]))
			.map((arg) => walk.argumentValue(arg));
		return { literal: joinPieces(pieces) };
	}

	if (MOCK_MAKERS.has(qualified)) {
		return { mock: true };
	}

	const converted = convertedBy(walk, call);
	if (converted) {
		return { converted };
	}

	return undefined;
}

/** What a converter call is given: its first argument, or everything between its brackets. */
function input(walk: FlowWalk, call: CallSite): ValueInfo {
	return walk.infoOf(call.args[0]?.start ?? call.open + 1, call.args[0]?.end ?? call.close);
}

/**
 * The parts every converted text shares. Built only when the call converts (most calls do not, and
 * the range costs two line look-ups), by a plain function rather than closures made at every call.
 */
function convertedBase(walk: FlowWalk, call: CallSite) {
	return { range: walk.range(call.start, call.close), written: false, call: `${call.qualified}()` };
}

function convertedBy(walk: FlowWalk, call: CallSite): ValueInfo['converted'] {
	const { name, qualified } = call;

	if (qualified === 'JSON.stringify') {
		const data = input(walk, call).data;
		if (data && (data.format === 'csv' || data.format === 'tsv')) {
			return {
				...convertedBase(walk, call),
				from: data,
				to: 'json',
				converter: 'node',
				confidence: 'medium',
				mustBeWritten: true,
			};
		}

		return undefined;
	}

	const json2csv =
		((name === 'parse' || name === 'parseAsync' || name === 'json2csv') &&
			qualified !== 'JSON.parse' &&
			importsModule(walk, isJson2csv)) ||
		qualified === 'json2csv.parse';
	const papa = name === 'unparse';
	const stringify =
		name === 'stringify' &&
		qualified !== 'JSON.stringify' &&
		importsModule(walk, (module) => module.startsWith('csv-stringify'));
	if (json2csv || papa || stringify) {
		const callee = walk.variables.get(walk.texts[call.start]);
		const module = json2csv ? 'json2csv' : papa ? 'papaparse' : 'csv-stringify';
		const data = input(walk, call).data;
		if (!data || callee?.mock || walk.isMocked(module, name)) {
			return undefined;
		}

		return {
			...convertedBase(walk, call),
			from: data,
			to: 'csv',
			converter: 'node',
			confidence: 'high',
			mustBeWritten: false,
		};
	}

	if (name === 'join' && call.receiver) {
		const delimiter = walk.argumentValue(call.args[0]);
		const to = delimiter === undefined ? undefined : DELIMITERS[delimiter];
		const data = walk.infoOf(call.receiver.start, call.receiver.end).data;
		if (to && data && (data.format === 'json' || data.format === 'ndjson')) {
			return {
				...convertedBase(walk, call),
				from: data,
				to,
				converter: 'node',
				confidence: 'medium',
				mustBeWritten: true,
				call: `join('${delimiter === '\t' ? '\\t' : delimiter}')`,
			};
		}
	}

	return undefined;
}

function consume(walk: FlowWalk, call: CallSite): void {
	const { name, receiver } = call;

	if (FILE_WRITERS.has(name) || call.qualified === 'Bun.write') {
		const content = call.args[1] ? walk.infoOf(call.args[1].start, call.args[1].end) : undefined;
		const converted = content?.converted;
		if (!converted) {
			return;
		}

		converted.written = true;
		const pathArg = call.args[0];
		const toPath = walk.argumentValue(pathArg);
		walk.report({
			from: converted.from,
			to: formatOfPath(toPath) === 'tsv' ? 'tsv' : converted.to,
			toPath,
			toRange: pathArg
				? walk.range(pathArg.start, pathArg.end - 1)
				: walk.range(call.start, call.close),
			writeRange: walk.range(call.start, call.close),
			converter: converted.converter,
			confidence: converted.confidence,
			write: `${converted.call} written by ${call.qualified}()`,
		});
		return;
	}

	if ((name === 'write' || name === 'end') && receiver) {
		const stream = walk.infoOf(receiver.start, receiver.end).file;
		const converted = walk.argumentsInfo(call).converted;
		if (stream?.write && converted) {
			converted.written = true;
			walk.report({
				from: converted.from,
				to: converted.to,
				toPath: stream.path,
				toRange: walk.range(call.start, call.close),
				writeRange: walk.range(call.start, call.close),
				converter: converted.converter,
				confidence: converted.confidence,
				write: `${converted.call} written to a stream`,
			});
		}

		return;
	}

	if (PARQUET_WRITERS.has(name)) {
		const data = walk.argumentsInfo(call).data;
		if (data && !walk.isMocked('hyparquet-writer', name)) {
			walk.report({
				from: data,
				to: 'parquet',
				toPath: filenameProperty(walk, call),
				toRange: walk.range(call.start, call.close),
				writeRange: walk.range(call.start, call.close),
				converter: 'node',
				confidence: 'high',
				write: `${name}()`,
			});
		}

		return;
	}

	if ((name === 'push' || name === 'unshift') && receiver && receiver.end - receiver.start === 1) {
		const variable = walk.texts[receiver.start];
		const added = walk.argumentsInfo(call);
		const existing = walk.variables.get(variable) ?? {};
		if ((added.data && !existing.data) || (added.converted && !existing.converted)) {
			walk.variables.set(variable, {
				...existing,
				data:
					existing.data ??
					(added.data && { ...added.data, chain: [...added.data.chain, variable] }),
				converted: existing.converted ?? added.converted,
			});
		}
	}
}

/** The `filename: '…'` property of an options object passed to a call. */
function filenameProperty(walk: FlowWalk, call: CallSite): string | undefined {
	for (let k = call.open + 1; k < call.close - 2; k++) {
		if (walk.texts[k] === 'filename' && walk.texts[k + 1] === ':') {
			return walk.argumentValue({ start: k + 2, end: walk.expressionEnd(k + 2) });
		}
	}

	return undefined;
}

const JAVASCRIPT_RULES: FlowRules = { language: 'javascript', produce, consume };

/** Finds data-format conversions in JavaScript or TypeScript source (JSX included). */
export function detectJavaScript(source: string): Finding[] {
	return walkSource(source, JAVASCRIPT_RULES);
}
