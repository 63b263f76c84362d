/** The human summary `footprint run` prints on stderr after the command ends. */
import { formatCarbon, formatDuration, formatEnergy, formatMemory } from '../core/format';
import type { ComponentMethod, FootprintRecord } from '../core/record';
import { GRID_CREDIT } from '../estimators/gridIntensity';

function describe(name: string, method: ComponentMethod): string {
	const why = method.notMeasuredBecause ? ` (not measured: ${method.notMeasuredBecause})` : '';
	return `${name} ${method.provenance}: ${method.detail}${why}`;
}

/** Formats a record as a few aligned lines a person reads at a glance. */
export function formatSummary(record: FootprintRecord): string {
	const exit = record.exitCode === null ? 'unknown' : String(record.exitCode);
	const energy = record.energy;
	const percent = Math.round(record.method.uncertainty.relative * 100);
	const lines = [
		`footprint: ${record.command}`,
		`  exit code    ${exit}`,
		`  duration     ${formatDuration(record.durationSeconds)}`,
		`  CPU time     ${record.cpuSeconds.toFixed(2)} s (user + system, whole process tree)`,
		`  peak memory  ${formatMemory(record.peakRssBytes)} (average ${formatMemory(record.averageRssBytes)})`,
		`  energy       ${formatEnergy(record.energyWh)} ±${percent} % ` +
			`(CPU ${formatEnergy(energy.cpuWh)}, memory ${formatEnergy(energy.memoryWh)}, GPU ${formatEnergy(energy.gpuWh)})`,
		`  carbon       ${formatCarbon(record.co2eGrams)} at ${Math.round(record.intensityGramsPerKwh)} gCO2e/kWh, PUE ${record.pue}`,
		`  region       ${record.region}: ${record.intensitySource.detail} (${record.intensitySource.dataset})`,
		`  method       ${describe('CPU', record.method.cpu)}`,
		`               ${describe('memory', record.method.memory)}`,
		`               ${describe('GPU', record.method.gpu)}`,
		`  uncertainty  ${record.method.uncertainty.reason}`,
	];
	if (record.intensitySource.kind !== 'override') {
		lines.push(`  ${GRID_CREDIT}`);
	}

	return lines.join('\n') + '\n';
}
