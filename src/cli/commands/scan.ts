/**
 * `footprint scan [DIR] [--json]`: the data files under a folder with their size, format, records,
 * storage footprint per year, growth since first seen, personal-data flags and likely conversion
 * pairs. Unreadable folders are reported and skipped; the walk is bounded in time and files.
 */
import { resolve } from 'node:path';
import { formatBytes, formatCarbon, formatEnergy } from '../../core/format';
import { likelyConversionPairs } from '../../data/conversionEvents';
import {
	inspectDataFile,
	scanDataFiles,
	type DataFileDetails,
	type DataScan,
} from '../../data/inventory';
import { personalDataLabel } from '../../data/personalData';
import {
	describeRecords,
	mapLimited,
	reportDataFile,
	type DataFileReport,
} from '../../data/report';
import {
	describeGrowth,
	loadDataState,
	observeFile,
	saveDataState,
	type DataState,
} from '../../data/state';
import {
	describeStorageAssumptions,
	storageFootprint,
	type StorageAssumptions,
} from '../../data/storage';
import type { CliCommand } from '../command';
import { DATA_OPTIONS_HELP, readDataOptions, resolveStatePath } from './dataOptions';

/** Files sampled at most for records and personal data; the rest are listed with size only. */
const MAX_INSPECTED_FILES = 300;

/** The `--json` output of `footprint scan`. */
export interface ScanReport {
	root: string;
	files: DataFileReport[];
	totals: { files: number; bytes: number; kwhPerYear: number; co2eGramsPerYear: number };
	storage: StorageAssumptions & { description: string };
	conversions: {
		source: string;
		derived: string;
		sourceBytes: number;
		derivedBytes: number;
		heldBytes: number;
	}[];
	problems: { path: string; reason: string }[];
	stoppedEarly?: string;
	statePath?: string;
	elapsedMs: number;
}

/** Scans a folder and builds the report; updates the state's first-seen sizes when one is given. */
export async function buildScanReport(
	root: string,
	assumptions: StorageAssumptions,
	arrays: 'json' | 'columns',
	state: DataState | undefined,
	nowMs = Date.now(),
): Promise<ScanReport> {
	const started = Date.now();
	const scan: DataScan = await scanDataFiles(root);
	const inspected = await mapLimited(
		scan.files,
		2,
		async (file): Promise<DataFileDetails | undefined> =>
			scan.files.indexOf(file) < MAX_INSPECTED_FILES
				? inspectDataFile(file, { arrays })
				: undefined,
	);
	if (state) {
		for (const file of scan.files) {
			observeFile(state, file.path, file.size, nowMs);
		}
	}

	const files = scan.files.map((file, index) =>
		reportDataFile(file, inspected[index], state, assumptions),
	);
	const bytes = files.reduce((sum, file) => sum + file.size, 0);
	const total = storageFootprint(bytes, assumptions);
	return {
		root,
		files,
		totals: {
			files: files.length,
			bytes,
			kwhPerYear: total.kwhPerYear,
			co2eGramsPerYear: total.co2eGramsPerYear,
		},
		storage: { ...assumptions, description: describeStorageAssumptions(assumptions) },
		conversions: likelyConversionPairs(scan.files).map(({ source, derived }) => ({
			source: source.relativePath,
			derived: derived.relativePath,
			sourceBytes: source.size,
			derivedBytes: derived.size,
			heldBytes: source.size + derived.size,
		})),
		problems: scan.problems.map((problem) => ({ path: problem.path, reason: problem.reason })),
		stoppedEarly: scan.stoppedEarly,
		elapsedMs: Date.now() - started,
	};
}

/** The human-readable form of a scan report. */
export function formatScanReport(report: ScanReport): string {
	const lines: string[] = [];
	lines.push(
		`${report.totals.files} data file${report.totals.files === 1 ? '' : 's'} in ${report.root}, ` +
			`${formatBytes(report.totals.bytes)}, storage ${formatEnergy(report.totals.kwhPerYear * 1000)}/year, ` +
			`${formatCarbon(report.totals.co2eGramsPerYear)}/year (scanned in ${report.elapsedMs} ms)`,
	);
	lines.push(`Storage footprint: ${report.storage.description}`);
	for (const file of report.files) {
		const parts = [
			file.relativePath,
			file.format,
			formatBytes(file.size),
			describeRecords(file.records),
			file.columns !== undefined ? `${file.columns} columns` : '',
			`${formatEnergy(file.storage.kwhPerYear * 1000)}/yr`,
			`${formatCarbon(file.storage.co2eGramsPerYear)}/yr`,
			file.growth ? describeGrowth(file.growth, formatBytes) : '',
		].filter((part) => part.length > 0);
		lines.push('', `  ${parts.join(' · ')}`);
		if (file.bulkPath) {
			lines.push(`    records read from the "${file.bulkPath}" array`);
		}

		for (const flag of file.personalData) {
			lines.push(
				`    personal data? ${flag.column}: ${personalDataLabel(flag.kind)} (${flag.reason})`,
			);
		}

		if (file.error) {
			lines.push(`    not sampled: ${file.error}`);
		}
	}

	if (report.conversions.length > 0) {
		lines.push('', 'Likely conversions (same name, both kept):');
		for (const pair of report.conversions) {
			lines.push(
				`  ${pair.source} (${formatBytes(pair.sourceBytes)}) → ${pair.derived} (${formatBytes(pair.derivedBytes)}): ` +
					`${formatBytes(pair.heldBytes)} held while both are kept`,
			);
		}
	}

	if (report.problems.length > 0) {
		lines.push('', 'Skipped (could not be read):');
		for (const problem of report.problems) {
			lines.push(`  ${problem.path}: ${problem.reason}`);
		}
	}

	if (report.stoppedEarly) {
		lines.push('', `Stopped early: ${report.stoppedEarly}`);
	}

	return lines.join('\n');
}

const HELP = [
	'Usage: footprint scan [DIR] [--json] [options]',
	'',
	'Lists the data files under DIR (default: the current folder) with size, format, records,',
	'storage footprint per year, growth since first seen, personal-data hints and likely conversions.',
	'node_modules, .git and similar folders are skipped; unreadable folders are reported.',
	'',
	'  --json              print one JSON object',
	DATA_OPTIONS_HELP,
].join('\n');

export const scanCommand: CliCommand = {
	name: 'scan',
	summary: 'List data files with size, records, storage footprint and personal-data hints',
	async run(args) {
		if (args.includes('--help') || args.includes('-h')) {
			process.stdout.write(HELP + '\n');
			return 0;
		}

		const options = readDataOptions('scan', args, true);
		if (typeof options === 'number') {
			return options;
		}

		const root = resolve(options.directory);
		const statePath = resolveStatePath(options, root);
		let state: DataState | undefined;
		if (statePath) {
			const loaded = await loadDataState(statePath);
			state = loaded.state;
			if (loaded.problem) {
				process.stderr.write(`footprint scan: ${loaded.problem}\n`);
			}
		}

		const report = await buildScanReport(root, options.assumptions, options.settings.arrays, state);
		if (
			report.problems.length === 1 &&
			report.problems[0].path === root &&
			report.files.length === 0
		) {
			process.stderr.write(`footprint scan: cannot read ${root}: ${report.problems[0].reason}\n`);
			return 1;
		}

		if (state && statePath) {
			try {
				await saveDataState(statePath, state);
				report.statePath = statePath;
			} catch (error) {
				process.stderr.write(`footprint scan: could not save ${statePath}: ${String(error)}\n`);
			}
		}

		process.stdout.write(
			(options.json ? JSON.stringify(report, null, 2) : formatScanReport(report)) + '\n',
		);
		return 0;
	},
};
