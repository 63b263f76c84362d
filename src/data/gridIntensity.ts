/**
 * Grid intensity for storage figures, through the shared resolver (override, country, time zone,
 * world average), reduced to the number and a one-line source.
 */
import type { FootprintSettings } from '../core/settings';
import { resolveGridIntensity, UnknownCountryError } from '../estimators/gridIntensity';
import type { StorageIntensity } from './storage';

/**
 * Resolves the intensity for the storage footprint from the settings. An unknown country code falls
 * back to the time-zone guess or the world average, and says so in the source.
 */
export function resolveStorageIntensity(settings: FootprintSettings): StorageIntensity {
	try {
		const resolved = resolveGridIntensity({
			country: settings.country,
			intensityOverride: settings.intensityOverride,
		});
		return {
			gramsPerKwh: resolved.gramsPerKwh,
			source: `${resolved.source.dataset}, ${resolved.source.detail}`,
		};
	} catch (error) {
		const fallback = resolveGridIntensity({ intensityOverride: null });
		const reason = error instanceof UnknownCountryError ? error.message : String(error);
		return {
			gramsPerKwh: fallback.gramsPerKwh,
			source: `${fallback.source.dataset}, ${fallback.source.detail} (${reason})`,
		};
	}
}
