/**
 * One row per data file with everything the user sees about it: size, format, records, storage
 * footprint per year, growth and personal-data flags. Built the same way for `footprint scan` and
 * the editor's Data view.
 */
import { formatLabel } from './formats';
import type { DataFileDetails, DataFileInfo } from './inventory';
import type { PersonalDataFlag } from './personalData';
import { growthOf, type DataState, type Growth } from './state';
import { storageFootprint, type StorageAssumptions } from './storage';

/** The user-facing facts about one data file. */
export interface DataFileReport {
	path: string;
	relativePath: string;
	size: number;
	format: string;
	records?: { estimate: number; exact: boolean };
	columns?: number;
	/** The key holding the records in a JSON object, e.g. `features`. */
	bulkPath?: string;
	storage: { kwhPerYear: number; co2eGramsPerYear: number };
	growth?: Growth;
	personalData: PersonalDataFlag[];
	/** Why the file could not be sampled, when it could not. */
	error?: string;
}

/** Builds a file's report from its listing, its sample details and the persisted state. */
export function reportDataFile(
	file: DataFileInfo,
	details: DataFileDetails | undefined,
	state: DataState | undefined,
	assumptions: StorageAssumptions,
): DataFileReport {
	const storage = storageFootprint(file.size, assumptions);
	const history = state?.files[file.path];
	return {
		path: file.path,
		relativePath: file.relativePath,
		size: file.size,
		format: formatLabel(file.kind),
		records: details?.records,
		columns: details?.columns,
		bulkPath: details?.bulkPath,
		storage: { kwhPerYear: storage.kwhPerYear, co2eGramsPerYear: storage.co2eGramsPerYear },
		growth: history ? growthOf(history, file.size) : undefined,
		personalData: details?.personalData ?? [],
		error: details?.error,
	};
}

/** `≈12,400 records` or `12,400 records` (counted), or '' when unknown. */
export function describeRecords(records: DataFileReport['records']): string {
	if (!records) {
		return '';
	}

	const count = records.estimate.toLocaleString('en-US');
	const noun = records.estimate === 1 ? 'record' : 'records';
	return records.exact ? `${count} ${noun}` : `≈${count} ${noun}`;
}

/** Runs `work` over `items` with at most `limit` at a time, keeping the input order. */
export async function mapLimited<T, R>(
	items: readonly T[],
	limit: number,
	work: (item: T) => Promise<R>,
): Promise<R[]> {
	const results: R[] = new Array<R>(items.length);
	let next = 0;
	const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await work(items[index]);
		}
	});
	await Promise.all(workers);
	return results;
}
