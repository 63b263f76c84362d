/**
 * Time and peak memory of doing a conversion with a common converter, scaled by input size from
 * coefficients measured on real runs (see converterCoefficients.ts for the machine, the date and the
 * script). Then energy and carbon through the core's model (src/estimators/footprint.ts).
 */
import type { EnergyEstimate, UsageInput } from '../footprint';
import { modelEnergy } from '../footprint';
import type { EstimateContext } from '../energyContext';
import {
	CONVERTER_COEFFICIENTS,
	COEFFICIENTS_MACHINE,
	type Converter,
} from './converterCoefficients';
import type { OutputFormat } from './estimateConversion';
import type { InputFormat } from './sniffFormat';

export type { Converter } from './converterCoefficients';

/** Predicted cost of one conversion run. */
export interface ConverterCost {
	converter: Converter;
	seconds: number;
	secondsLow: number;
	secondsHigh: number;
	peakRssBytes: number;
	peakRssLowBytes: number;
	peakRssHighBytes: number;
	/** Where the figure comes from, in one line. */
	basis: string;
}

/**
 * Another machine differs from the one measured: a CPU twice as fast or half as fast is common, so
 * the time range is wide on purpose. Memory depends on the converter, not the CPU: narrower.
 */
const MACHINE_TIME_SPREAD = 0.5;
const MACHINE_MEMORY_SPREAD = 0.2;

/** The converters with measured coefficients. */
export const CONVERTERS: readonly Converter[] = ['pandas', 'node', 'miller', 'jq'];

/**
 * Time and peak RSS of converting `inputBytes` of `inputFormat` to `to` with `converter`.
 * Coefficients were measured for JSON → CSV; other pairs reuse them and say so in `basis`.
 */
export function estimateConverterCost(
	inputBytes: number,
	inputFormat: InputFormat,
	to: OutputFormat,
	converter: Converter,
): ConverterCost {
	const coefficients = CONVERTER_COEFFICIENTS[converter];
	const megabytes = Math.max(0, inputBytes) / 1e6;
	const seconds = coefficients.fixedSeconds + coefficients.secondsPerMB * megabytes;
	const rssMiB = coefficients.fixedRssMiB + coefficients.rssMiBPerMB * megabytes;
	const measuredPair = inputFormat.startsWith('json') && (to === 'csv' || to === 'tsv');
	const pairSpread = measuredPair ? 0 : 0.5;
	const timeSpread = Math.hypot(MACHINE_TIME_SPREAD, coefficients.maxRelativeResidual, pairSpread);
	const memorySpread = Math.hypot(
		MACHINE_MEMORY_SPREAD,
		coefficients.maxRelativeResidual,
		pairSpread,
	);
	const largest = Math.max(...coefficients.runs.map((run) => run.inputBytes));
	const extrapolated =
		inputBytes > largest * 2
			? `; extrapolated beyond the largest run (${(largest / 1e6).toFixed(0)} MB)`
			: '';
	return {
		converter,
		seconds,
		secondsLow: seconds / (1 + timeSpread),
		secondsHigh: seconds * (1 + timeSpread),
		peakRssBytes: rssMiB * 1048576,
		peakRssLowBytes: (rssMiB * 1048576) / (1 + memorySpread),
		peakRssHighBytes: rssMiB * 1048576 * (1 + memorySpread),
		basis:
			`${coefficients.command}: ${coefficients.fixedSeconds} s + ${coefficients.secondsPerMB} s/MB, ` +
			`${coefficients.fixedRssMiB} MiB + ${coefficients.rssMiBPerMB} × input MB peak RSS, measured ` +
			`${COEFFICIENTS_MACHINE.measuredAt} on ${COEFFICIENTS_MACHINE.cpuModel} (${COEFFICIENTS_MACHINE.logicalCores} cores, ` +
			`${COEFFICIENTS_MACHINE.memoryGiB} GiB)` +
			(measuredPair
				? ''
				: `; measured for JSON → CSV, applied to ${inputFormat} → ${to} as an approximation`) +
			extrapolated,
	};
}

/**
 * Energy and carbon of a predicted run: the converters are single-threaded, so CPU time is taken as
 * the wall time, and the average memory as half the peak (it grows while the input is parsed).
 */
export function converterEnergy(cost: ConverterCost, context: EstimateContext): EnergyEstimate {
	const usage: UsageInput = {
		cpuSeconds: cost.seconds,
		durationSeconds: cost.seconds,
		averageRssBytes: cost.peakRssBytes / 2,
	};
	return modelEnergy(usage, context);
}
