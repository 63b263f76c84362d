import { randomUUID } from 'node:crypto';
import { SCHEMA_VERSION, type FootprintRecord } from '../../../src/core/record';

/** A complete record with plausible figures; fields can be overridden per test. */
export function makeRecord(overrides: Partial<FootprintRecord> = {}): FootprintRecord {
	const ended = overrides.endedAt ?? new Date().toISOString();
	const duration = overrides.durationSeconds ?? 12;
	return {
		schemaVersion: SCHEMA_VERSION,
		id: randomUUID(),
		origin: 'task',
		label: 'build',
		command: 'npm run build',
		cwd: '/project',
		startedAt: new Date(Date.parse(ended) - duration * 1000).toISOString(),
		endedAt: ended,
		exitCode: 0,
		durationSeconds: duration,
		cpuSeconds: 9.5,
		peakRssBytes: 200e6,
		averageRssBytes: 150e6,
		energyWh: 0.12,
		energy: { cpuWh: 0.1, memoryWh: 0.02, gpuWh: 0 },
		co2eGrams: 0.05,
		intensityGramsPerKwh: 400,
		region: 'DEU',
		intensitySource: { kind: 'setting', dataset: 'Ember 2023', detail: 'setting DE' },
		pue: 1,
		method: {
			cpu: { provenance: 'modelled', detail: 'TDP table' },
			memory: { provenance: 'modelled', detail: '0.3725 W/GB' },
			gpu: { provenance: 'unavailable', detail: 'no GPU' },
			attribution: 'share of active CPU power by CPU time',
			constants: [],
			uncertainty: { relative: 0.3, reason: 'modelled' },
		},
		machine: {
			cpuModel: 'Test CPU',
			physicalCores: 2,
			logicalCores: 2,
			memoryBytes: 8e9,
			os: 'Linux',
			virtualised: true,
			gpus: [],
		},
		...overrides,
	};
}
