/**
 * The host side of Open as Table without the editor: owns the record reader, the union of columns in
 * order of first appearance, and turns pages into text rows for the webview.
 */
import { basename } from 'node:path';
import type { ArrayConvention } from '../core/settings';
import { describeConvention } from '../estimators/conversion/convention';
import { cellText, flattenForTable } from './flatten';
import { openRecordReader, RecordReaderError, type RecordReader } from './recordReader';
import type { HostMessage, TableInit, TableRows } from './tableMessages';

/** Rows the webview keeps at most (100 pages of 200): bounds its memory on a huge file. */
export const MAX_TABLE_ROWS = 20_000;

/** Records per page sent to the webview. */
export const TABLE_PAGE_SIZE = 200;

function describeLayout(reader: RecordReader): string {
	switch (reader.layout) {
		case 'jsonArray':
			return 'JSON array';
		case 'jsonBulkArray':
			return `JSON array under "${reader.bulkPath ?? ''}"`;
		case 'jsonSingle':
			return 'single JSON object';
		case 'ndjson':
			return 'NDJSON (one JSON value per line)';
		case 'csv':
			return 'CSV';
		case 'tsv':
			return 'TSV';
	}
}

/** One open table: a reader and the columns seen so far. */
export class TableSession {
	private readonly columns: string[] = [];
	private readonly columnIndex = new Map<string, number>();

	private constructor(
		private readonly reader: RecordReader,
		private readonly arrays: ArrayConvention,
	) {
		for (const column of reader.columns) {
			this.addColumn(column);
		}
	}

	/** Opens a file; a RecordReaderError's message is meant for the user. */
	static async open(path: string, arrays: ArrayConvention): Promise<TableSession> {
		const reader = await openRecordReader(path, { pageSize: TABLE_PAGE_SIZE });
		return new TableSession(reader, arrays);
	}

	/** The first message for the webview. */
	init(): TableInit {
		return {
			type: 'init',
			fileName: basename(this.reader.path),
			layout: describeLayout(this.reader),
			sizeBytes: this.reader.size,
			pageSize: this.reader.pageSize,
			convention: describeConvention({ arrays: this.arrays, separator: '.' }),
			maxRows: MAX_TABLE_ROWS,
		};
	}

	/** One page as text rows, or an error message. */
	async page(index: number): Promise<TableRows | HostMessage> {
		try {
			const page = await this.reader.readPage(index);
			const rows = page.records.map((record) => {
				const flat = flattenForTable(record, this.arrays);
				const row: string[] = [];
				for (const [column, value] of Object.entries(flat)) {
					row[this.addColumn(column)] = cellText(value);
				}

				return Array.from(row, (cell) => cell ?? '');
			});
			return { type: 'rows', page: index, columns: [...this.columns], rows, done: page.done };
		} catch (error) {
			return {
				type: 'error',
				message:
					error instanceof RecordReaderError
						? error.message
						: `cannot read the file: ${String(error)}`,
			};
		}
	}

	async close(): Promise<void> {
		await this.reader.close();
	}

	private addColumn(column: string): number {
		let index = this.columnIndex.get(column);
		if (index === undefined) {
			index = this.columns.length;
			this.columns.push(column);
			this.columnIndex.set(column, index);
		}

		return index;
	}
}
