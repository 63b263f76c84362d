/**
 * Conversion rules for Python: pandas (`read_json` / `json_normalize` / `DataFrame` then `to_csv`,
 * `to_excel`, `to_parquet`; `read_csv` then `to_json` / `to_parquet`), the standard library (`json.load`
 * feeding `csv.writer` / `csv.DictWriter`; `csv.DictReader` feeding `json.dump`) and pyarrow's
 * `write_table`.
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

const PANDAS_WRITERS = new Map<string, DataFormat>([
	['to_csv', 'csv'],
	['to_excel', 'excel'],
	['to_parquet', 'parquet'],
	['to_json', 'json'],
]);

function isTab(walk: FlowWalk, call: CallSite, ...names: string[]): boolean {
	const value = walk.argumentValue(
		call.args.find((arg) => arg.name !== undefined && names.includes(arg.name)),
	);
	return value === '\t';
}

function isTrue(walk: FlowWalk, call: CallSite, name: string): boolean {
	const arg = call.args.find((candidate) => candidate.name === name);
	return arg !== undefined && walk.texts[arg.start] === 'True';
}

function produce(walk: FlowWalk, call: CallSite): ValueInfo | undefined {
	const { name, qualified } = call;

	if (name === 'read_json' || name === 'read_csv' || name === 'read_table') {
		const path = walk.argumentValue(walk.argument(call, 0, 'path_or_buf', 'filepath_or_buffer'));
		const fileInfo = walk.infoOf(call.open + 1, call.close).file;
		let format: DataFormat = name === 'read_json' ? 'json' : 'csv';
		if (name === 'read_json' && isTrue(walk, call, 'lines')) {
			format = 'ndjson';
		} else if (name === 'read_table' || isTab(walk, call, 'sep', 'delimiter')) {
			format = 'tsv';
		}

		return readData(walk, call, format, path ?? fileInfo?.path, qualified);
	}

	if (
		qualified.endsWith('json.load') ||
		qualified.endsWith('json.loads') ||
		qualified === 'ujson.load' ||
		qualified === 'orjson.loads'
	) {
		const file = walk.argumentsInfo(call).file;
		const format = formatOfPath(file?.path) === 'ndjson' ? 'ndjson' : 'json';
		return readData(walk, call, format, file?.path, qualified);
	}

	if (qualified.endsWith('csv.DictReader') || qualified.endsWith('csv.reader')) {
		const file = walk.argumentsInfo(call).file;
		const format =
			isTab(walk, call, 'delimiter') || formatOfPath(file?.path) === 'tsv' ? 'tsv' : 'csv';
		return readData(walk, call, format, file?.path, qualified);
	}

	if (name === 'open' || name === 'Path' || qualified === 'gzip.open' || qualified === 'io.open') {
		const path = walk.argumentValue(walk.argument(call, 0, 'file'));
		const mode = walk.argumentValue(walk.argument(call, 1, 'mode')) ?? '';
		return {
			file: { path, write: /[wax]/.test(mode) },
			literal: name === 'Path' ? path : undefined,
		};
	}

	if (qualified.endsWith('csv.writer') || qualified.endsWith('csv.DictWriter')) {
		const file = walk.infoOf(
			call.args[0]?.start ?? call.open + 1,
			call.args[0]?.end ?? call.close,
		).file;
		const format =
			isTab(walk, call, 'delimiter') || formatOfPath(file?.path) === 'tsv' ? 'tsv' : 'csv';
		return { writer: { path: file?.path, format } };
	}

	if (qualified === 'os.path.join' || qualified === 'posixpath.join') {
		return { literal: joinPieces(call.args.map((arg) => walk.argumentValue(arg))) };
	}

	if (
		/^(MagicMock|Mock|AsyncMock|create_autospec|NonCallableMock)$/.test(name) ||
		/(^|\.)patch(\.object)?$/.test(qualified)
	) {
		return { mock: true };
	}

	return undefined;
}

function consume(walk: FlowWalk, call: CallSite): void {
	const { name, receiver } = call;

	const target = PANDAS_WRITERS.get(name);
	if (target && receiver) {
		const info = walk.infoOf(receiver.start, receiver.end);
		if (!info.data || info.mock || walk.isMocked(name)) {
			return;
		}

		let to = target;
		if (name === 'to_csv' && isTab(walk, call, 'sep')) {
			to = 'tsv';
		} else if (name === 'to_json' && isTrue(walk, call, 'lines')) {
			to = 'ndjson';
		}

		if (to === 'json' && info.data.format === 'ndjson') {
			return;
		}

		const pathArg = walk.argument(call, 0, 'path_or_buf', 'path', 'excel_writer');
		const columnsArg = call.args.find((arg) => arg.name === 'columns');
		const columns = columnsArg ? walk.stringList(columnsArg.start) : undefined;
		walk.report({
			from: info.data,
			to,
			toPath: walk.argumentValue(pathArg),
			toRange: pathArg
				? walk.range(pathArg.start, pathArg.end - 1)
				: walk.range(call.start, call.close),
			writeRange: walk.range(call.start, call.close),
			converter: 'pandas',
			confidence: 'high',
			write: `${walk.text(call.start, call.index)}()`,
			columns,
		});
		return;
	}

	if ((name === 'writerow' || name === 'writerows') && receiver) {
		const writer = walk.infoOf(receiver.start, receiver.end);
		const rows = walk.argumentsInfo(call);
		if (
			!writer.writer ||
			!rows.data ||
			writer.mock ||
			walk.isMocked(name, 'csv.writer', 'DictWriter')
		) {
			return;
		}

		walk.report({
			from: rows.data,
			to: writer.writer.format,
			toPath: writer.writer.path,
			toRange: walk.range(call.start, call.close),
			writeRange: walk.range(call.start, call.close),
			converter: 'python-csv',
			confidence: 'high',
			write: `${walk.text(call.start, call.index)}()`,
		});
		return;
	}

	if (call.qualified.endsWith('json.dump')) {
		const data = call.args[0] ? walk.infoOf(call.args[0].start, call.args[0].end).data : undefined;
		const file = call.args[1] ? walk.infoOf(call.args[1].start, call.args[1].end).file : undefined;
		if (data && (data.format === 'csv' || data.format === 'tsv') && !walk.isMocked('json.dump')) {
			walk.report({
				from: data,
				to: 'json',
				toPath: file?.path,
				toRange: walk.range(call.start, call.close),
				writeRange: walk.range(call.start, call.close),
				converter: 'python-csv',
				confidence: 'high',
				write: 'json.dump()',
			});
		}

		return;
	}

	if (name === 'write_table' && call.args.length > 0) {
		const data = walk.infoOf(call.args[0].start, call.args[0].end).data;
		const pathArg = walk.argument(call, 1, 'where');
		if (data && !walk.isMocked('write_table')) {
			walk.report({
				from: data,
				to: 'parquet',
				toPath: walk.argumentValue(pathArg),
				toRange: pathArg
					? walk.range(pathArg.start, pathArg.end - 1)
					: walk.range(call.start, call.close),
				writeRange: walk.range(call.start, call.close),
				converter: 'pandas',
				confidence: 'high',
				write: `${call.qualified}()`,
			});
		}

		return;
	}

	// Rows appended to a list carry their data into the list.
	if (
		(name === 'append' || name === 'extend' || name === 'insert') &&
		receiver &&
		receiver.end - receiver.start === 1
	) {
		const variable = walk.texts[receiver.start];
		const added = walk.argumentsInfo(call);
		const existing = walk.variables.get(variable);
		if (added.data && !existing?.data) {
			walk.variables.set(variable, {
				...existing,
				data: { ...added.data, chain: [...added.data.chain, variable] },
			});
		}
	}
}

const PYTHON_RULES: FlowRules = { language: 'python', produce, consume };

/** Finds data-format conversions in Python source. */
export function detectPython(source: string): Finding[] {
	return walkSource(source, PYTHON_RULES);
}
