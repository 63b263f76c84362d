/**
 * CSV and TSV, read and written with the quoting rules of RFC 4180 (as pandas, Python's csv module
 * and Miller write it: a field is quoted only when it holds the delimiter, a quote or a line break;
 * quotes inside are doubled), or with json2csv's habit of quoting every string.
 */
import type { Cell } from './convention';
import type { Span } from './jsonScan';

const QUOTE = 0x22;
const NEWLINE = 0x0a;
const RETURN = 0x0d;

/** How a converter writes cells: which values it quotes and how it spells them. */
export type CsvDialect = 'minimal' | 'json2csv' | 'pandas';

/**
 * Spans of the complete rows in `[from, end)`, each without its line break. `inQuotes` is the
 * quote state at `from`. A row is complete when its line break (outside quotes) is in the buffer,
 * or when `atEnd` says the buffer ends where the file does.
 */
export function scanDelimitedRows(
	bytes: Uint8Array,
	from: number,
	end: number,
	inQuotes: boolean,
	atEnd: boolean,
): Span[] {
	const spans: Span[] = [];
	let quoted = inQuotes;
	let rowStart = from;
	for (let position = from; position < end; position++) {
		const byte = bytes[position];
		if (byte === QUOTE) {
			quoted = !quoted;
		} else if (byte === NEWLINE && !quoted) {
			const rowEnd =
				position > rowStart && bytes[position - 1] === RETURN ? position - 1 : position;
			if (rowEnd > rowStart) {
				spans.push([rowStart, rowEnd]);
			}

			rowStart = position + 1;
		}
	}

	if (atEnd && !quoted && rowStart < end) {
		spans.push([rowStart, end]);
	}

	return spans;
}

/** Splits one row into fields, undoing RFC 4180 quoting. */
export function parseDelimitedRow(text: string, delimiter: string): string[] {
	const fields: string[] = [];
	let field = '';
	let quoted = false;
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		if (quoted) {
			if (char === '"') {
				if (text[index + 1] === '"') {
					field += '"';
					index++;
				} else {
					quoted = false;
				}
			} else {
				field += char;
			}
		} else if (char === '"') {
			quoted = true;
		} else if (char === delimiter) {
			fields.push(field);
			field = '';
		} else {
			field += char;
		}
	}

	fields.push(field);
	return fields;
}

/** Writes one cell as the dialect would. Python dialect details live in `pandasText`. */
export function formatCell(value: Cell, delimiter: string, dialect: CsvDialect): string {
	if (value === null) {
		return '';
	}

	if (typeof value === 'string') {
		if (dialect === 'json2csv') {
			return `"${value.replace(/"/g, '""')}"`;
		}

		return quoteIfNeeded(value, delimiter);
	}

	if (typeof value === 'boolean' && dialect === 'pandas') {
		return value ? 'True' : 'False';
	}

	return String(value);
}

/** Writes a column name as the header of the dialect. */
export function formatHeader(name: string, delimiter: string, dialect: CsvDialect): string {
	return dialect === 'json2csv' ? `"${name.replace(/"/g, '""')}"` : quoteIfNeeded(name, delimiter);
}

function quoteIfNeeded(text: string, delimiter: string): string {
	if (
		text.includes(delimiter) ||
		text.includes('"') ||
		text.includes('\n') ||
		text.includes('\r')
	) {
		return `"${text.replace(/"/g, '""')}"`;
	}

	return text;
}
