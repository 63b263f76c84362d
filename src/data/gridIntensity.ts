/**
 * Grid intensity for storage figures: the user's override, else the country's annual average from
 * CO2.js (Ember data), else the world average from the same table.
 */
import type { FootprintSettings } from '../core/settings';
import type { StorageIntensity } from './storage';

interface IntensityTable {
	data: Record<string, number>;
}

/** World average used when the CO2.js table cannot be loaded: IEA 2019, as CodeCarbon uses. */
const FALLBACK_WORLD_GRAMS_PER_KWH = 475;

let table: IntensityTable | undefined | null;

function loadTable(): IntensityTable | undefined {
	if (table === undefined) {
		try {
			// The package ships no type declarations; its shape is checked below.
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const data = require('@tgwf/co2/data') as { averageIntensity?: IntensityTable };
			table =
				data.averageIntensity && typeof data.averageIntensity.data === 'object'
					? data.averageIntensity
					: null;
		} catch {
			table = null;
		}
	}

	return table ?? undefined;
}

/**
 * Resolves the intensity for the storage footprint from the settings.
 * Limitation: two-letter country codes and the time-zone guess are not resolved here; they fall back
 * to the world average (three-letter codes such as `DEU` work).
 */
export function resolveStorageIntensity(settings: FootprintSettings): StorageIntensity {
	if (settings.intensityOverride !== null) {
		return {
			gramsPerKwh: settings.intensityOverride,
			source: 'setting footprint.grid.intensityOverride',
		};
	}

	const data = loadTable();
	if (data && settings.country.length === 3 && typeof data.data[settings.country] === 'number') {
		return {
			gramsPerKwh: data.data[settings.country],
			source: `Ember annual average via CO2.js (CC BY-SA 4.0), ${settings.country}`,
		};
	}

	if (data && typeof data.data.WORLD === 'number') {
		return {
			gramsPerKwh: data.data.WORLD,
			source: 'Ember world annual average via CO2.js (CC BY-SA 4.0)',
		};
	}

	return { gramsPerKwh: FALLBACK_WORLD_GRAMS_PER_KWH, source: 'world average (IEA, 2019)' };
}
