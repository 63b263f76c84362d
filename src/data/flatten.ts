/**
 * Flattening of one record into table cells, following the conversion estimator's convention:
 * nested objects become dot-named columns (`geo.city`), arrays stay as JSON text (or are spread into
 * numbered columns `tags.0`, `tags.1` with the `columns` convention), the union of keys is the header,
 * and a missing key is an empty cell.
 */
import type { ArrayConvention } from '../core/settings';
import { flattenRecord, type Cell } from '../estimators/conversion/convention';

/** One table cell. */
export type CellValue = Cell;

/**
 * Flattens a record into dot-named cells with the conversion estimator's own flattening, so the
 * table's columns are the columns the estimate counts.
 */
export function flattenForTable(
	record: unknown,
	arrays: ArrayConvention,
): Record<string, CellValue> {
	return Object.fromEntries(flattenRecord(record, { arrays, separator: '.' }));
}

/** Text shown for a cell: empty for a missing or null value. */
export function cellText(value: CellValue | undefined): string {
	if (value === undefined || value === null) {
		return '';
	}

	return typeof value === 'string' ? value : String(value);
}
