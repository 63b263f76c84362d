/**
 * Flattening of one record into table cells, following the conversion estimator's convention:
 * nested objects become dot-named columns (`geo.city`), arrays stay as JSON text (or are spread into
 * numbered columns `tags.0`, `tags.1` with the `columns` convention), the union of keys is the header,
 * and a missing key is an empty cell.
 */
import type { ArrayConvention } from '../core/settings';

/** One table cell. */
export type CellValue = string | number | boolean | null;

/** Objects nested deeper than this are kept as JSON text rather than spread, to bound the work. */
const MAX_FLATTEN_DEPTH = 32;

/** Flattens a record into dot-named cells. A value that is not an object becomes one `value` cell. */
export function flattenForTable(
	record: unknown,
	arrays: ArrayConvention,
): Record<string, CellValue> {
	const cells: Record<string, CellValue> = {};
	if (record === null || typeof record !== 'object' || Array.isArray(record)) {
		addValue(cells, 'value', record, arrays, 0);
		return cells;
	}

	for (const [key, value] of Object.entries(record)) {
		addValue(cells, key, value, arrays, 1);
	}

	return cells;
}

function addValue(
	cells: Record<string, CellValue>,
	name: string,
	value: unknown,
	arrays: ArrayConvention,
	depth: number,
): void {
	if (value === null || typeof value !== 'object') {
		cells[name] = value === undefined ? null : (value as CellValue);
		return;
	}

	if (depth >= MAX_FLATTEN_DEPTH) {
		cells[name] = JSON.stringify(value);
		return;
	}

	if (Array.isArray(value)) {
		if (arrays === 'json' || value.length === 0) {
			cells[name] = JSON.stringify(value);
			return;
		}

		value.forEach((item, index) => addValue(cells, `${name}.${index}`, item, arrays, depth + 1));
		return;
	}

	const entries = Object.entries(value);
	if (entries.length === 0) {
		// pandas' json_normalize keeps an empty object as one cell; so does the table.
		cells[name] = '{}';
		return;
	}

	for (const [key, inner] of entries) {
		addValue(cells, `${name}.${key}`, inner, arrays, depth + 1);
	}
}

/** Text shown for a cell: empty for a missing or null value. */
export function cellText(value: CellValue | undefined): string {
	if (value === undefined || value === null) {
		return '';
	}

	return typeof value === 'string' ? value : String(value);
}
