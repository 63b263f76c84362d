/**
 * The flattening convention: how one nested JSON record becomes one row of named cells. Shared by
 * the size estimate, Open as Table and the converters the benchmarks compare against.
 */
import type { ArrayConvention } from '../../core/settings';

/** How nested records become flat rows. */
export interface FlattenConvention {
	/** `json`: arrays stay as JSON text in one cell; `columns`: spread into `key.0`, `key.1`, …. */
	arrays: ArrayConvention;
	/** Joins the names of nested keys; `.` unless told otherwise. */
	separator: string;
}

/** Objects flattened with `.`, arrays kept as JSON text: what Miller and json2csv do by default for objects. */
export const DEFAULT_CONVENTION: Readonly<FlattenConvention> = Object.freeze({
	arrays: 'json',
	separator: '.',
});

/** A flat cell value: text, a number, a boolean, or null for an empty cell. */
export type Cell = string | number | boolean | null;

/** Records nested deeper than this are rejected: real data stays far below, hostile input does not. */
export const MAX_NESTING_DEPTH = 512;

/**
 * Flattens one record. Nested objects become dot-named columns (`geo.country`); arrays stay as JSON
 * text or are spread into numbered columns; an empty object or array keeps its text (`{}`, `[]`) so
 * the column does not vanish. A record that is not an object becomes one column named `value`.
 * Iterative, so deep nesting cannot overflow the stack.
 */
export function flattenRecord(
	value: unknown,
	convention: FlattenConvention = DEFAULT_CONVENTION,
): Map<string, Cell> {
	const row = new Map<string, Cell>();
	if (!isContainer(value) || (Array.isArray(value) && convention.arrays === 'json')) {
		row.set('value', toCell(value));
		return row;
	}

	// Depth-first with an explicit stack, children pushed in reverse so columns keep document order.
	const stack: Array<{ prefix: string; value: unknown; depth: number }> = [
		{ prefix: '', value, depth: 0 },
	];
	while (stack.length > 0) {
		const item = stack.pop()!;
		const container = item.value;
		const spread =
			isContainer(container) && (!Array.isArray(container) || convention.arrays === 'columns');
		if (!spread || item.depth > MAX_NESTING_DEPTH) {
			row.set(item.prefix || 'value', toCell(container));
			continue;
		}

		const entries = Array.isArray(container)
			? container.map((child, index) => [String(index), child] as const)
			: Object.entries(container as Record<string, unknown>);
		if (entries.length === 0) {
			if (item.prefix !== '') {
				row.set(item.prefix, Array.isArray(container) ? '[]' : '{}');
			}

			continue;
		}

		for (let index = entries.length - 1; index >= 0; index--) {
			const [key, child] = entries[index];
			const prefix = item.prefix === '' ? key : `${item.prefix}${convention.separator}${key}`;
			stack.push({ prefix, value: child, depth: item.depth + 1 });
		}
	}

	return row;
}

/** One readable line naming the convention, shown beside every estimate. */
export function describeConvention(convention: FlattenConvention = DEFAULT_CONVENTION): string {
	const arrays =
		convention.arrays === 'json'
			? 'arrays kept as JSON text in one cell'
			: `arrays spread into numbered columns (tags${convention.separator}0, tags${convention.separator}1, …)`;
	return (
		`nested objects flattened to '${convention.separator}'-joined column names, ${arrays}, ` +
		'header = union of all keys in order of first appearance, missing cells empty'
	);
}

/** Reads a convention from loose input (CLI flags, settings), falling back to the default. */
export function parseConvention(arrays: string | undefined, separator?: string): FlattenConvention {
	return {
		arrays: arrays === 'columns' ? 'columns' : 'json',
		separator: separator === undefined || separator === '' ? '.' : separator,
	};
}

function isContainer(value: unknown): value is object {
	return typeof value === 'object' && value !== null;
}

function toCell(value: unknown): Cell {
	if (value === null || value === undefined) {
		return null;
	}

	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
		return value;
	}

	return JSON.stringify(value);
}
