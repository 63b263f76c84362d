/**
 * `footprint estimate FILE --to FMT`: predicts a data file's size after conversion from a bounded
 * sample, and what the conversion itself would cost with common converters.
 */
import { DEFAULT_SETTINGS } from '../../core/settings';
import {
	formatBytes,
	formatCarbon,
	formatDuration,
	formatEnergy,
	formatMemory,
} from '../../core/format';
import { parseConvention } from '../../estimators/conversion/convention';
import {
	CONVERTERS,
	converterEnergy,
	estimateConverterCost,
	type ConverterCost,
} from '../../estimators/conversion/converterCost';
import type { Converter } from '../../estimators/conversion/converterCoefficients';
import type { CsvDialect } from '../../estimators/conversion/delimitedText';
import {
	estimateConversion,
	OUTPUT_FORMATS,
	type ConversionEstimate,
	type OutputFormat,
} from '../../estimators/conversion/estimateConversion';
import { EstimateError } from '../../estimators/conversion/estimateError';
import { createEstimateContext } from '../../estimators/energyContext';
import type { EnergyEstimate } from '../../estimators/footprint';
import { GRID_CREDIT } from '../../estimators/gridIntensity';
import { readMachineProfile } from '../../monitor/machineProfile';
import { UsageError, type CliCommand } from '../command';
import { formatHelp, parseFlags, type FlagSpec } from '../options';

const flags: FlagSpec[] = [
	{ name: 'to', value: 'FORMAT', help: `Target format: ${OUTPUT_FORMATS.join(', ')} (required).` },
	{
		name: 'arrays',
		value: 'json|columns',
		help: 'Arrays inside records: JSON text in one cell (default) or numbered columns.',
	},
	{
		name: 'converter',
		value: 'NAME',
		help: `Converter whose cost to show: ${CONVERTERS.join(', ')}, all (default) or none.`,
	},
	{
		name: 'dialect',
		value: 'NAME',
		help: 'Cell quoting: minimal (RFC 4180, default), json2csv (every string quoted), pandas.',
	},
	{
		name: 'sample-bytes',
		value: 'BYTES',
		help: 'Bytes to read in all (default 1048576); smaller files are read whole.',
	},
	{
		name: 'max-record-bytes',
		value: 'BYTES',
		help: 'Largest single record to widen a chunk for (default 16777216).',
	},
	{ name: 'json', help: 'Print one JSON object instead of text.' },
];

const usage =
	'footprint estimate FILE --to FORMAT [--arrays json|columns] [--converter NAME] [--json]';

/** The `estimate` subcommand. */
export const estimateCommand: CliCommand = {
	name: 'estimate',
	summary: 'Predict the size of a data file after conversion (JSON → CSV, Parquet, …) and its cost',
	run: runEstimate,
};

interface CostLine {
	cost: ConverterCost;
	energy?: EnergyEstimate;
}

async function runEstimate(args: string[]): Promise<number> {
	if (args.includes('--help') || args.includes('-h')) {
		process.stdout.write(formatHelp(usage, estimateCommand.summary + '.', flags));
		return 0;
	}

	const positional = positionalArguments(args);
	if (positional.files.length !== 1) {
		process.stderr.write(`footprint estimate: give exactly one FILE. Usage: ${usage}\n`);
		return 2;
	}

	let estimate: ConversionEstimate;
	let costs: CostLine[];
	try {
		const parsed = parseFlags(positional.rest, flags, 'estimate');
		const to = parsed.get('to');
		if (typeof to !== 'string' || !OUTPUT_FORMATS.includes(to as OutputFormat)) {
			throw new UsageError(`--to must be one of ${OUTPUT_FORMATS.join(', ')}`);
		}

		const arrays = text(parsed.get('arrays'));
		if (arrays !== undefined && arrays !== 'json' && arrays !== 'columns') {
			throw new UsageError('--arrays must be json or columns');
		}

		const dialect = text(parsed.get('dialect')) ?? 'minimal';
		if (!['minimal', 'json2csv', 'pandas'].includes(dialect)) {
			throw new UsageError('--dialect must be minimal, json2csv or pandas');
		}

		const converter = text(parsed.get('converter')) ?? 'all';
		if (
			converter !== 'all' &&
			converter !== 'none' &&
			!CONVERTERS.includes(converter as Converter)
		) {
			throw new UsageError(`--converter must be one of ${CONVERTERS.join(', ')}, all or none`);
		}

		estimate = await estimateConversion(positional.files[0], {
			to: to as OutputFormat,
			convention: parseConvention(arrays),
			dialect: dialect as CsvDialect,
			sampleBytes: bytesFlag(parsed.get('sample-bytes'), 'sample-bytes'),
			maxRecordBytes: bytesFlag(parsed.get('max-record-bytes'), 'max-record-bytes'),
		});
		const chosen =
			converter === 'all' ? CONVERTERS : converter === 'none' ? [] : [converter as Converter];
		costs = await converterCosts(estimate, chosen);
		if (parsed.has('json')) {
			process.stdout.write(JSON.stringify(toJson(estimate, costs), null, 2) + '\n');
		} else {
			process.stdout.write(formatEstimate(positional.files[0], estimate, costs));
		}

		return 0;
	} catch (error) {
		if (error instanceof UsageError) {
			process.stderr.write(`footprint estimate: ${error.message}\n`);
			return error.exitCode;
		}

		if (error instanceof EstimateError) {
			process.stderr.write(`footprint estimate: ${error.message}\n`);
			return 1;
		}

		throw error;
	}
}

function positionalArguments(args: string[]): { files: string[]; rest: string[] } {
	const files: string[] = [];
	const rest: string[] = [];
	const valued = new Set(flags.filter((flag) => flag.value).map((flag) => `--${flag.name}`));
	for (let index = 0; index < args.length; index++) {
		const arg = args[index];
		if (arg.startsWith('--')) {
			rest.push(arg);
			if (valued.has(arg) && index + 1 < args.length) {
				rest.push(args[++index]);
			}
		} else {
			files.push(arg);
		}
	}

	return { files, rest };
}

function text(value: string | true | undefined): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

function bytesFlag(value: string | true | undefined, name: string): number | undefined {
	if (typeof value !== 'string') {
		return undefined;
	}

	const number = Number(value);
	if (!Number.isInteger(number) || number < 4096) {
		throw new UsageError(`--${name} must be a whole number of bytes, at least 4096`);
	}

	return number;
}

async function converterCosts(
	estimate: ConversionEstimate,
	converters: readonly Converter[],
): Promise<CostLine[]> {
	if (converters.length === 0) {
		return [];
	}

	const lines: CostLine[] = converters.map((converter) => ({
		cost: estimateConverterCost(estimate.inputBytes, estimate.inputFormat, estimate.to, converter),
	}));
	try {
		const context = createEstimateContext({
			machine: await readMachineProfile(),
			settings: DEFAULT_SETTINGS,
		});
		for (const line of lines) {
			line.energy = converterEnergy(line.cost, context);
		}
	} catch {
		// Energy needs a grid intensity; without one the time and memory still stand on their own.
	}

	return lines;
}

/** The `--json` object: the estimate's own fields plus the converter costs. */
function toJson(estimate: ConversionEstimate, costs: CostLine[]): unknown {
	return {
		...estimate,
		converterCosts: costs.map(({ cost, energy }) => ({
			...cost,
			...(energy
				? {
						energyWh: energy.energyWh,
						co2eGrams: energy.co2eGrams,
						intensityGramsPerKwh: energy.intensityGramsPerKwh,
						energyUncertainty: energy.method.uncertainty.relative,
					}
				: {}),
		})),
	};
}

function formatEstimate(file: string, estimate: ConversionEstimate, costs: CostLine[]): string {
	const target = estimate.to.toUpperCase();
	const ratio = estimate.predictedBytes / Math.max(1, estimate.inputBytes);
	const where = estimate.arrayPath ? ` (records at \`${estimate.arrayPath}\`)` : '';
	const percent = Math.min(100, (estimate.sampledBytes / Math.max(1, estimate.inputBytes)) * 100);
	const columns =
		estimate.columnsHigh > estimate.columnsLow
			? `${estimate.columns} columns (${estimate.columnsLow} seen, up to ${estimate.columnsHigh})`
			: `${estimate.columns} columns`;
	const records =
		estimate.recordsHigh > estimate.recordsLow
			? `≈ ${estimate.records.toLocaleString('en-US')} records (${estimate.recordsLow.toLocaleString('en-US')}–${estimate.recordsHigh.toLocaleString('en-US')})`
			: `${estimate.records.toLocaleString('en-US')} records`;
	const lines = [
		`${file}: ${estimate.inputFormat}${where}, ${formatBytes(estimate.inputBytes)} → ${target}`,
		`  predicted    ${formatBytes(estimate.predictedBytes)} (${formatBytes(estimate.lowBytes)} – ${formatBytes(estimate.highBytes)}), ${ratio.toFixed(2)}× the input; ${formatBytes(estimate.inputBytes + estimate.predictedBytes)} while both are kept`,
		`  table        ${records}, ${columns}`,
		`  convention   ${estimate.conventionText}`,
		`  read         ${formatBytes(estimate.sampledBytes)} of ${formatBytes(estimate.inputBytes)} (${percent.toFixed(percent < 10 ? 1 : 0)} %) in ${formatDuration(estimate.elapsedMs / 1000)}${estimate.complete ? ', the whole file' : ''}`,
		`  method       ${estimate.method}`,
	];
	for (const warning of estimate.warnings) {
		lines.push(`  note         ${warning}`);
	}

	if (costs.length > 0) {
		lines.push('  conversion cost (modelled from measured runs, scaled by input size):');
		for (const { cost, energy } of costs) {
			const energyText = energy
				? ` · ${formatEnergy(energy.energyWh)}, ${formatCarbon(energy.co2eGrams)} at ${Math.round(energy.intensityGramsPerKwh)} gCO2e/kWh`
				: '';
			lines.push(
				`    ${cost.converter.padEnd(7)} ≈ ${formatDuration(cost.seconds)} (${formatDuration(cost.secondsLow)}–${formatDuration(cost.secondsHigh)}), peak ${formatMemory(cost.peakRssBytes)}${energyText}`,
			);
		}

		const basis = costs[0].cost.basis;
		lines.push(`    basis: ${basis.slice(basis.indexOf('measured '))}`);
		if (costs.some((line) => line.energy)) {
			lines.push(`    ${GRID_CREDIT}`);
		}
	}

	return lines.join('\n') + '\n';
}
