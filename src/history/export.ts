import type { FootprintRecord } from '../core/record';

/** Export formats of Export History. */
export type ExportFormat = 'csv' | 'json';

/** The flat columns of a CSV export, in order; nested fields are spelled with dots. */
export const CSV_COLUMNS = [
	'id',
	'origin',
	'label',
	'command',
	'cwd',
	'startedAt',
	'endedAt',
	'exitCode',
	'durationSeconds',
	'cpuSeconds',
	'peakRssBytes',
	'averageRssBytes',
	'energyWh',
	'energy.cpuWh',
	'energy.memoryWh',
	'energy.gpuWh',
	'co2eGrams',
	'intensityGramsPerKwh',
	'region',
	'intensitySource.kind',
	'intensitySource.dataset',
	'pue',
	'method.cpu.provenance',
	'method.cpu.detail',
	'method.memory.provenance',
	'method.gpu.provenance',
	'method.attribution',
	'method.uncertainty.relative',
	'machine.cpuModel',
	'machine.logicalCores',
	'schemaVersion',
] as const;

function pick(record: FootprintRecord, column: string): unknown {
	let value: unknown = record;
	for (const part of column.split('.')) {
		value =
			value !== null && typeof value === 'object'
				? (value as Record<string, unknown>)[part]
				: undefined;
	}

	return value;
}

/** Quotes a CSV field per RFC 4180 when it holds a comma, quote or line break. */
function csvField(value: unknown): string {
	if (value === undefined || value === null) {
		return '';
	}

	const text = String(value);
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The records as RFC 4180 CSV with a header row (CRLF line ends). */
export function toCsv(records: readonly FootprintRecord[]): string {
	const rows = [CSV_COLUMNS.join(',')];
	for (const record of records) {
		rows.push(CSV_COLUMNS.map((column) => csvField(pick(record, column))).join(','));
	}

	return `${rows.join('\r\n')}\r\n`;
}

/** The records as a pretty-printed JSON array of complete records. */
export function toJson(records: readonly FootprintRecord[]): string {
	return `${JSON.stringify(records, null, '\t')}\n`;
}

/** The export format a file name asks for, from its extension; undefined when it says neither. */
export function formatOfFileName(fileName: string): ExportFormat | undefined {
	const lower = fileName.toLowerCase();
	if (lower.endsWith('.csv')) {
		return 'csv';
	}

	if (lower.endsWith('.json')) {
		return 'json';
	}

	return undefined;
}
