/**
 * A straightforward full-file converter used as the ground truth for the estimator's tests: it
 * parses the whole file, flattens every record with the same convention and writes the target
 * format. Written independently of the estimator's writers (its own quoting), so a shared mistake
 * cannot hide.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import {
	flattenRecord,
	type FlattenConvention,
} from '../../../../src/estimators/conversion/convention';
import { parquetBytes } from '../../../../src/estimators/conversion/parquetSize';

/** The records of a JSON array, an object holding one (`path`), NDJSON, CSV or TSV file. */
export function readAllRecords(file: string, path: string[] = []): unknown[] {
	const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
	if (file.endsWith('.ndjson') || file.endsWith('.jsonl')) {
		return text
			.split('\n')
			.filter((line) => line.trim() !== '')
			.map((line) => JSON.parse(line) as unknown);
	}

	if (file.endsWith('.csv') || file.endsWith('.tsv')) {
		return readDelimited(text, file.endsWith('.tsv') ? '\t' : ',');
	}

	let value = JSON.parse(text) as unknown;
	for (const key of path) {
		value = (value as Record<string, unknown>)[key];
	}

	return value as unknown[];
}

function readDelimited(text: string, delimiter: string): unknown[] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		if (quoted) {
			if (char === '"' && text[index + 1] === '"') {
				field += '"';
				index++;
			} else if (char === '"') {
				quoted = false;
			} else {
				field += char;
			}
		} else if (char === '"') {
			quoted = true;
		} else if (char === delimiter) {
			row.push(field);
			field = '';
		} else if (char === '\n') {
			row.push(field.replace(/\r$/, ''));
			rows.push(row);
			row = [];
			field = '';
		} else {
			field += char;
		}
	}

	if (field !== '' || row.length > 0) {
		row.push(field);
		rows.push(row);
	}

	const [header, ...body] = rows;
	return body.map((cells) =>
		Object.fromEntries(
			header.map((name, index) => {
				const cell = cells[index] ?? '';
				const numeric = /^-?(?:0|[1-9]\d{0,14})(?:\.\d+)?(?:[eE][-+]?\d+)?$/.test(cell);
				return [name, cell === '' ? null : numeric ? Number(cell) : cell];
			}),
		),
	);
}

/** Real converted bytes of `records` in the target format, with minimal (RFC 4180) quoting. */
export function convertedBytes(
	records: unknown[],
	to: 'csv' | 'tsv' | 'csv.gz' | 'ndjson' | 'json' | 'parquet',
	convention: FlattenConvention,
): { bytes: number; columns: number } {
	if (to === 'ndjson') {
		return {
			bytes: records.reduce<number>(
				(sum, record) => sum + Buffer.byteLength(JSON.stringify(record)) + 1,
				0,
			),
			columns: 0,
		};
	}

	if (to === 'json') {
		return { bytes: Buffer.byteLength(JSON.stringify(records)), columns: 0 };
	}

	const rows = records.map((record) => flattenRecord(record, convention));
	const columns: string[] = [];
	const seen = new Set<string>();
	for (const row of rows) {
		for (const key of row.keys()) {
			if (!seen.has(key)) {
				seen.add(key);
				columns.push(key);
			}
		}
	}

	if (to === 'parquet') {
		return { bytes: parquetBytes(rows, columns), columns: columns.length };
	}

	const delimiter = to === 'tsv' ? '\t' : ',';
	const quote = (text: string): string =>
		/[",\n\r]/.test(text) || text.includes(delimiter)
			? '"' + text.split('"').join('""') + '"'
			: text;
	const lines = [columns.map(quote).join(delimiter)];
	for (const row of rows) {
		lines.push(
			columns
				.map((name) => {
					const value = row.get(name);
					return value === null || value === undefined ? '' : quote(String(value));
				})
				.join(delimiter),
		);
	}

	const text = lines.join('\n') + '\n';
	return {
		bytes: to === 'csv.gz' ? gzipSync(text).byteLength : Buffer.byteLength(text),
		columns: columns.length,
	};
}
