/**
 * Greener alternatives to a detected conversion, each with its own estimate and a one-line why:
 * keep the source and open it as a table, write Parquet, write compressed CSV, keep only the columns
 * used, stream in chunks, delete the intermediate when done. Pure apart from reading the input file
 * through the estimator.
 */
import {
	formatBytes,
	formatCarbon,
	formatDuration,
	formatEnergy,
	formatMemory,
} from '../core/format';
import { storageFootprint, type StorageAssumptions } from '../data/storage';
import type { FlattenConvention } from './conversion/convention';
import { estimateConverterCost } from './conversion/converterCost';
import type { OutputFormat } from './conversion/estimateConversion';
import { attemptConversionEstimate, type FindingEstimate } from './findingEstimate';

/** Which option an alternative is. */
export type AlternativeId =
	| 'openAsTable'
	| 'parquet'
	| 'compressedCsv'
	| 'usedColumns'
	| 'streamChunks'
	| 'deleteIntermediate';

/** One greener option. */
export interface Alternative {
	id: AlternativeId;
	title: string;
	/** Why it is greener, in one line. */
	why: string;
	/** Its own estimate, in one line (sizes, time, memory, storage per year). */
	estimate: string;
	/** Bytes this option writes instead of the conversion's output, when known. */
	bytes?: number;
	/** Bytes saved against the conversion as written, when known. */
	savedBytes?: number;
	/** For `openAsTable`: the file to open. */
	openPath?: string;
}

/** Options of `greenerAlternatives`. */
export interface AlternativesOptions {
	convention?: FlattenConvention;
	storage: StorageAssumptions;
	/** Columns the code visibly selects (`df[['a', 'b']]`, `select(a, b)`), when known. */
	usedColumns?: number;
	/** Input held in memory per chunk when streaming (default 64 MB). */
	chunkBytes?: number;
	signal?: AbortSignal;
}

const DEFAULT_CHUNK_BYTES = 64e6;
const TABLE_FORMATS = new Set(['json', 'ndjson', 'csv', 'tsv']);

function percent(part: number, whole: number): string {
	return whole > 0 ? `${Math.round((1 - part / whole) * 100)} % smaller` : '';
}

/** Alternatives for one estimated finding, most useful first. Never throws except on abort. */
export async function greenerAlternatives(
	result: FindingEstimate,
	options: AlternativesOptions,
): Promise<Alternative[]> {
	const alternatives: Alternative[] = [];
	const { estimate, finding } = result;
	const written = estimate?.predictedBytes;
	const target = finding.to.format.toUpperCase();

	if (TABLE_FORMATS.has(finding.from.format)) {
		alternatives.push({
			id: 'openAsTable',
			title: `Keep the ${finding.from.format.toUpperCase()} and open it as a table`,
			why: 'No conversion: the table view streams the file, so nothing is written and nothing is held twice.',
			estimate: written
				? `0 B extra, no ${formatDuration(result.cost.seconds)} run; saves ≈${formatBytes(written)} of ${target}`
				: '0 B extra and no conversion run',
			bytes: 0,
			savedBytes: written,
			openPath: result.inputPath,
		});
	}

	const sized = async (to: OutputFormat) => {
		if (!result.inputPath) {
			return undefined;
		}

		const attempt = await attemptConversionEstimate(result.inputPath, to, options);
		return 'estimate' in attempt ? attempt.estimate : undefined;
	};

	if (finding.to.format !== 'parquet') {
		const parquet = await sized('parquet');
		alternatives.push({
			id: 'parquet',
			title: 'Write Parquet instead',
			why: 'Columnar, compressed and typed: smaller on disk and far cheaper to read back than text.',
			estimate:
				parquet && written
					? `≈${formatBytes(parquet.predictedBytes)} instead of ≈${formatBytes(written)} (${percent(parquet.predictedBytes, written)})`
					: 'Typically 3–4× smaller than CSV (pandas I/O benchmark); open the input to estimate it here',
			bytes: parquet?.predictedBytes,
			savedBytes: parquet && written ? written - parquet.predictedBytes : undefined,
		});
	}

	if (finding.to.format === 'csv' || finding.to.format === 'tsv') {
		const gzip = await sized('csv.gz');
		alternatives.push({
			id: 'compressedCsv',
			title: 'Write compressed CSV (.csv.gz)',
			why: 'Same table, gzip-compressed; pandas, R and most tools read it directly.',
			estimate:
				gzip && written
					? `≈${formatBytes(gzip.predictedBytes)} instead of ≈${formatBytes(written)} (${percent(gzip.predictedBytes, written)})`
					: 'Size depends on the data; open the input to estimate it here',
			bytes: gzip?.predictedBytes,
			savedBytes: gzip && written ? written - gzip.predictedBytes : undefined,
		});
	}

	if (finding.columns !== undefined) {
		// The code already keeps only some columns: the estimate above is for those.
	} else if (estimate && estimate.columns > 1) {
		const used = options.usedColumns;
		// Limitation: columns are taken as equally wide; a few wide text columns make this rough.
		const bytes =
			used !== undefined
				? (estimate.predictedBytes * Math.min(used, estimate.columns)) / estimate.columns
				: undefined;
		alternatives.push({
			id: 'usedColumns',
			title: 'Keep only the columns used',
			why: 'Every column written is stored, read and kept again; drop those nothing downstream reads.',
			estimate:
				bytes !== undefined
					? `${used} of ${estimate.columns} columns: ≈${formatBytes(bytes)} instead of ≈${formatBytes(estimate.predictedBytes)}`
					: `If you need k of ${estimate.columns} columns, the output shrinks to about k/${estimate.columns} of ≈${formatBytes(estimate.predictedBytes)}`,
			bytes,
			savedBytes: bytes !== undefined ? estimate.predictedBytes - bytes : undefined,
		});
	} else if (!estimate) {
		alternatives.push({
			id: 'usedColumns',
			title: 'Keep only the columns used',
			why: 'Every column written is stored, read and kept again; drop those nothing downstream reads.',
			estimate: 'If you need k of n columns, the output shrinks to about k/n',
		});
	}

	if (result.converter === 'pandas' || result.converter === 'jq') {
		const inputBytes = estimate?.inputBytes;
		const chunk = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
		const chunked =
			inputBytes !== undefined
				? estimateConverterCost(
						Math.min(inputBytes, chunk),
						estimate?.inputFormat ?? 'json-array',
						result.to,
						result.converter,
					)
				: undefined;
		alternatives.push({
			id: 'streamChunks',
			title: 'Stream in chunks',
			why: `${result.converter === 'pandas' ? 'pandas' : 'jq'} holds the whole input in memory; reading records in chunks (NDJSON with chunksize, Miller, a streaming Node converter) keeps memory flat.`,
			estimate:
				chunked && inputBytes !== undefined && inputBytes <= chunk
					? `The input (${formatBytes(inputBytes)}) fits in one ${formatBytes(chunk)} chunk: no saving at this size; it matters past ${formatBytes(chunk)}`
					: chunked && inputBytes !== undefined
						? `Peak ≈${formatMemory(chunked.peakRssBytes)} with ${formatBytes(chunk)} chunks instead of ≈${formatMemory(result.cost.peakRssBytes)}; time about the same`
						: `Peak memory stops growing with the input (now +${formatMemory(result.cost.peakRssBytes)} per MB)`,
		});
	}

	if (written !== undefined) {
		const kept = storageFootprint(written, options.storage);
		alternatives.push({
			id: 'deleteIntermediate',
			title: `Delete the ${target} when done`,
			why: 'If the converted file is only a step, removing it stops paying to store two copies of the same data.',
			estimate: `Saves ${formatEnergy(kept.kwhPerYear * 1000)} and ${formatCarbon(kept.co2eGramsPerYear)} per year of storage (${formatBytes(written)}, ${options.storage.medium.toUpperCase()}, ×${options.storage.replication})`,
			savedBytes: written,
		});
	} else {
		alternatives.push({
			id: 'deleteIntermediate',
			title: 'Delete the intermediate when done',
			why: 'If the converted file is only a step, removing it stops paying to store two copies of the same data.',
			estimate: 'Storage saved per year depends on the output size',
		});
	}

	return alternatives;
}
