/**
 * Parquet bytes of sampled rows, by really encoding them (hyparquet-writer, Snappy compression, its
 * defaults) rather than by a ratio from folklore.
 */
import { parquetWriteBuffer, type ColumnSource } from 'hyparquet-writer';
import type { Cell } from './convention';

/** Encodes flat rows as one Parquet file and returns its size in bytes. */
export function parquetBytes(
	rows: ReadonlyArray<Map<string, Cell>>,
	columns: readonly string[],
): number {
	if (rows.length === 0) {
		return 0;
	}

	const columnData: ColumnSource[] = columns.map((name) => {
		const values = rows.map((row) => row.get(name) ?? null);
		const present = values.filter((value) => value !== null);
		if (present.length > 0 && present.every((value) => typeof value === 'number')) {
			return { name, data: values, type: 'DOUBLE', nullable: true };
		}

		if (present.length > 0 && present.every((value) => typeof value === 'boolean')) {
			return { name, data: values, type: 'BOOLEAN', nullable: true };
		}

		const text = values.map((value) => (value === null ? null : String(value)));
		return { name, data: text, type: 'STRING', nullable: true };
	});
	return parquetWriteBuffer({ columnData }).byteLength;
}
