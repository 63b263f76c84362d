/**
 * `footprint estimate FILE --to FMT`: predicts a data file's size after conversion from a bounded
 * sample, and what the conversion itself would cost with common converters.
 */
import { DEFAULT_SETTINGS } from '../../core/settings';
import { parseConvention } from '../../estimators/conversion/convention';
import { CONVERTERS } from '../../estimators/conversion/converterCost';
import type { Converter } from '../../estimators/conversion/converterCoefficients';
import type { CsvDialect } from '../../estimators/conversion/delimitedText';
import {
	estimateConversion,
	OUTPUT_FORMATS,
	type ConversionEstimate,
	type OutputFormat,
} from '../../estimators/conversion/estimateConversion';
import { EstimateError } from '../../estimators/conversion/estimateError';
import {
	converterCosts,
	estimateToJson,
	formatEstimate,
	type CostLine,
} from '../../estimators/conversion/report';
import { createEstimateContext, type EstimateContext } from '../../estimators/energyContext';
import { loadMachineProfile } from '../../monitor/profileLoader';
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
		costs = converterCosts(estimate, chosen, chosen.length > 0 ? await energyContext() : null);
		if (parsed.has('json')) {
			process.stdout.write(JSON.stringify(estimateToJson(estimate, costs), null, 2) + '\n');
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

/** Energy needs the machine and a grid intensity; without them time and memory still stand. */
async function energyContext(): Promise<EstimateContext | null> {
	try {
		return createEstimateContext({
			machine: await loadMachineProfile(),
			settings: DEFAULT_SETTINGS,
		});
	} catch {
		return null;
	}
}
