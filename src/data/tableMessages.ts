/**
 * Messages between the Open as Table panel (extension host) and its webview. Both sides validate
 * what they receive: the webview is a separate page and a message is only data until checked.
 */

/** The webview asks for something. */
export type WebviewMessage = { type: 'ready' } | { type: 'loadPage'; page: number };

/** Facts about the file, shown above the table. */
export interface TableInit {
	type: 'init';
	fileName: string;
	/** e.g. `JSON array`, `JSON array under "features"`, `CSV`. */
	layout: string;
	sizeBytes: number;
	pageSize: number;
	/** The flattening convention, in words. */
	convention: string;
	/** Rows the webview keeps at most; sort, filter and search work within them. */
	maxRows: number;
}

/** One page of rows, cells as text, aligned with `columns` (later pages may add columns at the end). */
export interface TableRows {
	type: 'rows';
	page: number;
	columns: string[];
	rows: string[][];
	done: boolean;
}

export interface TableError {
	type: 'error';
	message: string;
}

/** The host answers. */
export type HostMessage = TableInit | TableRows | TableError;

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
	return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Largest page number a webview may ask for (well past any real file). */
const MAX_PAGE = 1e9;

/** Validates a message from the webview; undefined for anything unexpected. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
	if (!isRecord(value)) {
		return undefined;
	}

	if (value.type === 'ready') {
		return { type: 'ready' };
	}

	if (
		value.type === 'loadPage' &&
		typeof value.page === 'number' &&
		Number.isInteger(value.page) &&
		value.page >= 0 &&
		value.page <= MAX_PAGE
	) {
		return { type: 'loadPage', page: value.page };
	}

	return undefined;
}

/** Validates a message from the host; undefined for anything unexpected. */
export function parseHostMessage(value: unknown): HostMessage | undefined {
	if (!isRecord(value)) {
		return undefined;
	}

	switch (value.type) {
		case 'init':
			return typeof value.fileName === 'string' &&
				typeof value.layout === 'string' &&
				typeof value.sizeBytes === 'number' &&
				typeof value.pageSize === 'number' &&
				typeof value.convention === 'string' &&
				typeof value.maxRows === 'number'
				? {
						type: 'init',
						fileName: value.fileName,
						layout: value.layout,
						sizeBytes: value.sizeBytes,
						pageSize: value.pageSize,
						convention: value.convention,
						maxRows: value.maxRows,
					}
				: undefined;
		case 'rows':
			return typeof value.page === 'number' &&
				isStringArray(value.columns) &&
				Array.isArray(value.rows) &&
				value.rows.every(isStringArray) &&
				typeof value.done === 'boolean'
				? {
						type: 'rows',
						page: value.page,
						columns: value.columns,
						rows: value.rows,
						done: value.done,
					}
				: undefined;
		case 'error':
			return typeof value.message === 'string'
				? { type: 'error', message: value.message }
				: undefined;
		default:
			return undefined;
	}
}
