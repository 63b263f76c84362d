/**
 * Puts numbers on a detected conversion: the converted size from the real input file (when the path
 * resolves), the converter's time and peak memory, and energy and carbon through the core's model.
 * Where the input is unknown it falls back to per-megabyte figures and says why.
 */
import { formatBytes, formatCarbon, formatDuration, formatMemory } from '../core/format';
import type { ConverterChoice } from '../core/settings';
import type { DataFormat, Finding } from '../detect/finding';
import type { FlattenConvention } from './conversion/convention';
import {
	converterEnergy,
	estimateConverterCost,
	type ConverterCost,
} from './conversion/converterCost';
import type { Converter } from './conversion/converterCoefficients';
import {
	estimateConversion,
	type ConversionEstimate,
	type OutputFormat,
} from './conversion/estimateConversion';
import type { InputFormat } from './conversion/sniffFormat';
import type { EstimateContext } from './energyContext';
import type { EnergyEstimate } from './footprint';

/** Numbers for one finding. */
export interface FindingEstimate {
	finding: Finding;
	/** The input file the numbers come from; absent when it could not be found or read. */
	inputPath?: string;
	/** Why there are only per-megabyte figures (path not literal, file missing, unreadable). */
	reason?: string;
	estimate?: ConversionEstimate;
	/** The estimator's target for this finding (Excel is estimated as CSV). */
	to: OutputFormat;
	converter: Converter;
	/** The converter cost for the whole input, or for one megabyte of input when `perMegabyte`. */
	cost: ConverterCost;
	perMegabyte: boolean;
	energy?: EnergyEstimate;
	/** Approximations taken, in plain words (stand-in converter, Excel sized as CSV). */
	notes: string[];
}

/** Options of `estimateFinding`. */
export interface FindingEstimateOptions {
	/** The resolved input file, when the path literal names a file that exists. */
	inputPath?: string;
	/** Why `inputPath` is absent (shown to the user). */
	unresolvedReason?: string;
	choice: ConverterChoice;
	convention?: FlattenConvention;
	/** Energy and carbon are added when given. */
	context?: EstimateContext;
	signal?: AbortSignal;
}

const CONVERTER_NAMES: Record<Converter, string> = {
	pandas: 'pandas',
	node: 'Node',
	miller: 'Miller',
	jq: 'jq',
};

/** The converter whose measured coefficients apply: the setting, else what the code uses. */
export function converterFor(
	finding: Finding,
	choice: ConverterChoice,
): { converter: Converter; note?: string } {
	if (choice !== 'auto') {
		return { converter: choice };
	}

	switch (finding.converter) {
		case 'pandas':
		case 'node':
		case 'miller':
		case 'jq':
			return { converter: finding.converter };
		case 'r':
			// Limitation: no run of R's jsonlite/write.csv was measured; pandas (also in-memory) stands in.
			return { converter: 'pandas', note: 'R not measured; pandas figures stand in' };
		case 'python-csv':
			// Limitation: json.load + csv.writer was not measured on its own; pandas (json.load inside) stands in.
			return {
				converter: 'pandas',
				note: "Python's csv module not measured; pandas figures stand in",
			};
	}
}

/** The estimator's target for a detected output format. */
export function outputFormatFor(format: DataFormat): { to: OutputFormat; note?: string } {
	switch (format) {
		case 'excel':
			// Limitation: xlsx is zipped XML; its size is not modelled, the CSV of the same table stands in.
			return { to: 'csv', note: 'Excel sized as the CSV of the same table' };
		case 'ndjson':
			return { to: 'ndjson' };
		default:
			return { to: format };
	}
}

function inputFormatGuess(format: DataFormat): InputFormat {
	return format === 'ndjson'
		? 'ndjson'
		: format === 'csv'
			? 'csv'
			: format === 'tsv'
				? 'tsv'
				: 'json-array';
}

/**
 * Estimates converting `inputPath` to `to`, returning a failure instead of throwing it. An abort is
 * still thrown, so that cancelling stops the caller too.
 */
export async function attemptConversionEstimate(
	inputPath: string,
	to: OutputFormat,
	options: { convention?: FlattenConvention; signal?: AbortSignal },
): Promise<{ estimate: ConversionEstimate } | { error: unknown }> {
	try {
		return {
			estimate: await estimateConversion(inputPath, {
				to,
				convention: options.convention,
				signal: options.signal,
			}),
		};
	} catch (error) {
		if (options.signal?.aborted) {
			throw error;
		}

		return { error };
	}
}

/** Estimates one finding; never throws except when `signal` aborts. */
export async function estimateFinding(
	finding: Finding,
	options: FindingEstimateOptions,
): Promise<FindingEstimate> {
	const { converter, note: converterNote } = converterFor(finding, options.choice);
	const { to, note: targetNote } = outputFormatFor(finding.to.format);
	const notes = [converterNote, targetNote].filter((note): note is string => note !== undefined);
	let estimate: ConversionEstimate | undefined;
	let reason = options.unresolvedReason;

	if (options.inputPath) {
		const attempt = await attemptConversionEstimate(options.inputPath, to, options);
		if ('estimate' in attempt) {
			estimate = attempt.estimate;
		} else {
			reason = `cannot estimate ${options.inputPath}: ${(attempt.error as Error).message}`;
		}
	}

	const kept = finding.columns?.length;
	if (estimate && kept !== undefined && kept < estimate.columns) {
		// Limitation: columns are taken as equally wide when the code keeps only some of them.
		const share = kept / estimate.columns;
		estimate = {
			...estimate,
			predictedBytes: estimate.predictedBytes * share,
			lowBytes: estimate.lowBytes * share,
			highBytes: estimate.highBytes * share,
		};
		notes.push(
			`the code keeps ${kept} of ${Math.round(estimate.columns)} columns; size scaled by ${kept}/${Math.round(estimate.columns)}`,
		);
	}

	const cost = estimate
		? estimateConverterCost(estimate.inputBytes, estimate.inputFormat, to, converter)
		: perMegabyteCost(inputFormatGuess(finding.from.format), to, converter);
	let energy: EnergyEstimate | undefined;
	if (options.context) {
		energy = converterEnergy(cost, options.context);
	}

	return {
		finding,
		inputPath: estimate ? options.inputPath : undefined,
		reason: estimate ? undefined : (reason ?? 'input file unknown'),
		estimate,
		to,
		converter,
		cost,
		perMegabyte: estimate === undefined,
		energy,
		notes,
	};
}

/** The marginal cost of one more megabyte of input: total at 101 MB minus total at 1 MB, over 100. */
function perMegabyteCost(
	inputFormat: InputFormat,
	to: OutputFormat,
	converter: Converter,
): ConverterCost {
	const small = estimateConverterCost(1e6, inputFormat, to, converter);
	const large = estimateConverterCost(101e6, inputFormat, to, converter);
	const per = (a: number, b: number) => Math.max(0, (b - a) / 100);
	return {
		...large,
		seconds: per(small.seconds, large.seconds),
		secondsLow: per(small.secondsLow, large.secondsLow),
		secondsHigh: per(small.secondsHigh, large.secondsHigh),
		peakRssBytes: per(small.peakRssBytes, large.peakRssBytes),
		peakRssLowBytes: per(small.peakRssLowBytes, large.peakRssLowBytes),
		peakRssHighBytes: per(small.peakRssHighBytes, large.peakRssHighBytes),
		basis: `${large.basis}; per extra MB of input`,
	};
}

function label(format: DataFormat | OutputFormat): string {
	return format === 'excel' ? 'Excel' : format === 'csv.gz' ? 'CSV.gz' : format.toUpperCase();
}

/** The kind in capitals, e.g. `JSON→CSV`. */
export function kindLabel(finding: Finding): string {
	return `${label(finding.from.format)}→${label(finding.to.format)}`;
}

/**
 * The code lens title, e.g. `JSON→CSV · data/events.json 2.43 MB → ≈650 kB CSV (3.08 MB while both
 * kept) · pandas ≈ 1.2s, 87.5 MiB · ≈ 0.47 mgCO2e per run · Greener options…`.
 */
export function lensTitle(result: FindingEstimate, displayPath?: string): string {
	const parts = [kindLabel(result.finding)];
	const converter = CONVERTER_NAMES[result.converter];
	const { estimate, cost } = result;
	if (estimate) {
		const name = displayPath ?? result.finding.from.pathLiteral ?? 'input';
		parts.push(
			`${name} ${formatBytes(estimate.inputBytes)} → ≈${formatBytes(estimate.predictedBytes)} ${label(result.finding.to.format)} (${formatBytes(estimate.inputBytes + estimate.predictedBytes)} while both kept)`,
		);
		parts.push(
			`${converter} ≈ ${formatDuration(cost.seconds)}, ${formatMemory(cost.peakRssBytes)}`,
		);
		if (result.energy) {
			parts.push(`≈ ${formatCarbon(result.energy.co2eGrams)} per run`);
		}
	} else {
		parts.push(
			`per MB of input: ${converter} ≈ ${formatDuration(cost.seconds)}, +${formatMemory(cost.peakRssBytes)}`,
		);
		if (result.energy) {
			parts.push(`≈ ${formatCarbon(result.energy.co2eGrams)} per MB`);
		}

		parts.push(`(${result.reason ?? 'input file unknown'})`);
	}

	parts.push('Greener options…');
	return parts.join(' · ');
}

/** The short hint shown at the end of the writing line. */
export function inlineHint(result: FindingEstimate): string {
	const { estimate, cost } = result;
	if (estimate) {
		const carbon = result.energy ? ` · ${formatCarbon(result.energy.co2eGrams)}` : '';
		return `${kindLabel(result.finding)} +${formatBytes(estimate.predictedBytes)} · ${formatDuration(cost.seconds)}${carbon} per run`;
	}

	return `${kindLabel(result.finding)} · ${formatDuration(cost.seconds)} and +${formatMemory(cost.peakRssBytes)} per MB of input`;
}

/** A longer explanation for the lens tooltip and the Alternatives view: how each figure was obtained. */
export function describeEstimate(result: FindingEstimate): string {
	const lines = [result.finding.evidence + '.'];
	if (result.estimate) {
		lines.push(`Size: ${result.estimate.method}`);
		lines.push(`Convention: ${result.estimate.conventionText}.`);
	} else {
		lines.push(`No size estimate: ${result.reason ?? 'input file unknown'}.`);
	}

	lines.push(`Time and memory: ${result.cost.basis}.`);
	if (result.energy) {
		lines.push(
			`Energy ${result.energy.energyWh.toPrecision(2)} Wh (±${Math.round(result.energy.method.uncertainty.relative * 100)} %, modelled: ${result.energy.method.uncertainty.reason}) at ${Math.round(result.energy.intensityGramsPerKwh)} gCO2e/kWh.`,
		);
	}

	lines.push(...result.notes.map((note) => `Approximation: ${note}.`));
	return lines.join('\n');
}
