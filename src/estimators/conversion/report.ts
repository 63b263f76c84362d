/**
 * The readable and JSON forms of a conversion estimate with its converter costs, shared by
 * `footprint estimate` and the editor's Estimate Conversion command.
 */
import {
	formatBytes,
	formatCarbon,
	formatDuration,
	formatEnergy,
	formatMemory,
} from '../../core/format';
import type { EstimateContext } from '../energyContext';
import type { EnergyEstimate } from '../footprint';
import { GRID_CREDIT } from '../gridIntensity';
import type { Converter } from './converterCoefficients';
import { converterEnergy, estimateConverterCost, type ConverterCost } from './converterCost';
import type { ConversionEstimate } from './estimateConversion';

/** One converter's modelled cost of a conversion. */
export interface CostLine {
	cost: ConverterCost;
	energy?: EnergyEstimate;
}

/**
 * Time, memory and (where the machine and grid are known) energy of doing a conversion with each of
 * `converters`. `context` null: figures without energy (it needs a grid intensity).
 */
export function converterCosts(
	estimate: ConversionEstimate,
	converters: readonly Converter[],
	context: EstimateContext | null,
): CostLine[] {
	if (converters.length === 0) {
		return [];
	}

	const lines: CostLine[] = converters.map((converter) => ({
		cost: estimateConverterCost(estimate.inputBytes, estimate.inputFormat, estimate.to, converter),
	}));
	if (context) {
		for (const line of lines) {
			line.energy = converterEnergy(line.cost, context);
		}
	}

	return lines;
}

/** The `--json` object: the estimate's own fields plus the converter costs. */
export function estimateToJson(estimate: ConversionEstimate, costs: CostLine[]): unknown {
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

/** The human report of an estimate, as `footprint estimate` prints it and the editor shows it. */
export function formatEstimate(
	file: string,
	estimate: ConversionEstimate,
	costs: CostLine[],
): string {
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
