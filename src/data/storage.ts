/**
 * Storage footprint of data at rest: energy per year of keeping bytes on a drive, and its carbon.
 * kWh/year = TB × replication × coefficient (Wh per TB-hour) × hours per year / 1000.
 */
import type { ConstantUsed } from '../core/record';
import type { StorageMedium } from '../core/settings';

/** Wh per TB-hour for hard disks (Cloud Carbon Footprint methodology, 2021). */
export const HDD_WH_PER_TB_HOUR = 0.65;

/** Wh per TB-hour for solid-state drives (Cloud Carbon Footprint methodology, 2021). */
export const SSD_WH_PER_TB_HOUR = 1.2;

/** Hours in an average year (365.25 days), so leap years are spread evenly. */
export const HOURS_PER_YEAR = 8766;

/** Grid intensity used to turn storage energy into carbon, with where it came from. */
export interface StorageIntensity {
	gramsPerKwh: number;
	/** e.g. `Ember 2023 via @tgwf/co2, DEU` or `user setting`. */
	source: string;
}

/** The inputs of a storage footprint, all shown to the user beside the figures. */
export interface StorageAssumptions {
	medium: StorageMedium;
	/** Copies of the data, ≥ 1 (S3 standard ×3, EBS ×2 per Cloud Carbon Footprint). */
	replication: number;
	intensity: StorageIntensity;
}

/** Energy and carbon per year of keeping some bytes, and the constants that produced them. */
export interface StorageFootprint {
	bytes: number;
	kwhPerYear: number;
	co2eGramsPerYear: number;
	constants: ConstantUsed[];
}

/** The storage coefficient for a medium in Wh per TB-hour. */
export function storageCoefficient(medium: StorageMedium): number {
	return medium === 'hdd' ? HDD_WH_PER_TB_HOUR : SSD_WH_PER_TB_HOUR;
}

/** Energy and carbon per year of keeping `bytes` (decimal TB: 1 TB = 10¹² B, as the method uses). */
export function storageFootprint(bytes: number, assumptions: StorageAssumptions): StorageFootprint {
	const safeBytes = Number.isFinite(bytes) && bytes > 0 ? bytes : 0;
	const replication = Math.max(1, assumptions.replication);
	const coefficient = storageCoefficient(assumptions.medium);
	const kwhPerYear = ((safeBytes / 1e12) * replication * coefficient * HOURS_PER_YEAR) / 1000;
	return {
		bytes: safeBytes,
		kwhPerYear,
		co2eGramsPerYear: kwhPerYear * assumptions.intensity.gramsPerKwh,
		constants: [
			{
				name: assumptions.medium === 'hdd' ? 'hddWhPerTbHour' : 'ssdWhPerTbHour',
				value: coefficient,
				unit: 'Wh/TBh',
				source: 'Cloud Carbon Footprint (2021)',
			},
			{
				name: 'replication',
				value: replication,
				unit: 'copies',
				source: 'setting footprint.storage.replication',
			},
			{
				name: 'gridIntensity',
				value: assumptions.intensity.gramsPerKwh,
				unit: 'gCO2e/kWh',
				source: assumptions.intensity.source,
			},
		],
	};
}

/** One line that says how a storage figure was obtained, e.g. for a tooltip or `footprint scan`. */
export function describeStorageAssumptions(assumptions: StorageAssumptions): string {
	const coefficient = storageCoefficient(assumptions.medium);
	return (
		`${assumptions.medium.toUpperCase()} ${coefficient} Wh per TB-hour (Cloud Carbon Footprint) × ` +
		`${assumptions.replication} cop${assumptions.replication === 1 ? 'y' : 'ies'} × ` +
		`${Math.round(assumptions.intensity.gramsPerKwh)} gCO2e/kWh (${assumptions.intensity.source})`
	);
}
