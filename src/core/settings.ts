/**
 * Footprint's settings as one typed object, validated without `vscode` so the CLI (flags) and the
 * extension (configuration) share the same rules. Odd values never throw: they fall back to the
 * default and are reported as a problem the caller can show.
 */

export type StatusBarShow = 'powerEnergyCarbon' | 'powerCarbon' | 'power' | 'energy' | 'carbon';
export type StorageMedium = 'ssd' | 'hdd';
export type ArrayConvention = 'json' | 'columns';
export type ConverterChoice = 'auto' | 'pandas' | 'node' | 'miller' | 'jq';

export interface FootprintSettings {
	/** ISO 3166 alpha-2 or alpha-3 country code, upper case; '' = guess from the time zone. */
	country: string;
	/** gCO2e/kWh overriding the country average; null = none. */
	intensityOverride: number | null;
	/** Power usage effectiveness, ≥ 1. */
	pue: number;
	/** Full-load CPU watts overriding the model; null = model. */
	cpuWatts: number | null;
	/** Idle CPU watts overriding the model; null = model. */
	cpuIdleWatts: number | null;
	/** Memory watts per GB overriding the built-in constant; null = built-in. */
	memoryWattsPerGb: number | null;
	/** Sampling interval in seconds, clamped to [0.5, 60]. */
	samplingIntervalSeconds: number;
	/** History retention in whole days, ≥ 1. */
	retentionDays: number;
	statusBarEnabled: boolean;
	statusBarShow: StatusBarShow;
	/** Notify when one task passes this many Wh; 0 = off. */
	energyThresholdWh: number;
	storageMedium: StorageMedium;
	/** Copies of each data file, ≥ 1. */
	storageReplication: number;
	arrays: ArrayConvention;
	codeLensEnabled: boolean;
	inlineHintsEnabled: boolean;
	converter: ConverterChoice;
}

export const DEFAULT_SETTINGS: Readonly<FootprintSettings> = Object.freeze({
	country: '',
	intensityOverride: null,
	pue: 1.0,
	cpuWatts: null,
	cpuIdleWatts: null,
	memoryWattsPerGb: null,
	samplingIntervalSeconds: 2,
	retentionDays: 90,
	statusBarEnabled: true,
	statusBarShow: 'powerEnergyCarbon',
	energyThresholdWh: 0,
	storageMedium: 'ssd',
	storageReplication: 1,
	arrays: 'json',
	codeLensEnabled: true,
	inlineHintsEnabled: true,
	converter: 'auto',
});

/** Raw keys as they appear under the `footprint.` configuration section. */
export const SETTING_KEYS: Record<keyof FootprintSettings, string> = {
	country: 'grid.country',
	intensityOverride: 'grid.intensityOverride',
	pue: 'grid.pue',
	cpuWatts: 'power.cpuWatts',
	cpuIdleWatts: 'power.cpuIdleWatts',
	memoryWattsPerGb: 'power.memoryWattsPerGb',
	samplingIntervalSeconds: 'sampling.intervalSeconds',
	retentionDays: 'history.retentionDays',
	statusBarEnabled: 'statusBar.enabled',
	statusBarShow: 'statusBar.show',
	energyThresholdWh: 'notifications.energyThresholdWh',
	storageMedium: 'storage.medium',
	storageReplication: 'storage.replication',
	arrays: 'data.arrays',
	codeLensEnabled: 'codeLens.enabled',
	inlineHintsEnabled: 'inlineHints.enabled',
	converter: 'conversion.converter',
};

export interface SettingsResult {
	settings: FootprintSettings;
	/** One readable line per value that was ignored, e.g. `footprint.grid.pue: 0.5 is below 1; using 1`. */
	problems: string[];
}

type Reader = (key: string) => unknown;

/**
 * Validates raw values (read by key, e.g. `grid.pue`) into settings. Missing values take the
 * default; invalid ones take the default and add a problem line.
 */
export function normaliseSettings(read: Reader): SettingsResult {
	const problems: string[] = [];
	const settings: FootprintSettings = { ...DEFAULT_SETTINGS };

	const number = (field: keyof FootprintSettings, min: number, max: number, nullable: boolean) => {
		const key = SETTING_KEYS[field];
		const value = read(key);
		if (value === undefined || (nullable && (value === null || value === ''))) {
			return;
		}

		if (typeof value !== 'number' || !Number.isFinite(value)) {
			problems.push(
				`footprint.${key}: ${JSON.stringify(value)} is not a number; using the default`,
			);
			return;
		}

		if (value < min || value > max) {
			problems.push(`footprint.${key}: ${value} is outside ${min}–${max}; using the default`);
			return;
		}

		(settings as unknown as Record<string, unknown>)[field] = value;
	};

	const choice = <T extends string>(field: keyof FootprintSettings, allowed: readonly T[]) => {
		const key = SETTING_KEYS[field];
		const value = read(key);
		if (value === undefined) {
			return;
		}

		if (typeof value !== 'string' || !allowed.includes(value as T)) {
			problems.push(
				`footprint.${key}: ${JSON.stringify(value)} is not one of ${allowed.join(', ')}; using the default`,
			);
			return;
		}

		(settings as unknown as Record<string, unknown>)[field] = value;
	};

	const flag = (field: keyof FootprintSettings) => {
		const key = SETTING_KEYS[field];
		const value = read(key);
		if (value === undefined) {
			return;
		}

		if (typeof value !== 'boolean') {
			problems.push(
				`footprint.${key}: ${JSON.stringify(value)} is not true or false; using the default`,
			);
			return;
		}

		(settings as unknown as Record<string, unknown>)[field] = value;
	};

	const country = read(SETTING_KEYS.country);
	if (typeof country === 'string' && /^([A-Za-z]{2,3})?$/.test(country.trim())) {
		settings.country = country.trim().toUpperCase();
	} else if (country !== undefined && country !== null) {
		problems.push(
			`footprint.${SETTING_KEYS.country}: ${JSON.stringify(country)} is not an ISO 3166 country code; guessing from the time zone`,
		);
	}

	number('intensityOverride', 0, 2000, true);
	number('pue', 1, 3, false);
	number('cpuWatts', 1, 1000, true);
	number('cpuIdleWatts', 0, 1000, true);
	number('memoryWattsPerGb', 0, 5, true);
	number('samplingIntervalSeconds', 0.5, 60, false);
	number('retentionDays', 1, 3650, false);
	settings.retentionDays = Math.round(settings.retentionDays);
	flag('statusBarEnabled');
	choice('statusBarShow', [
		'powerEnergyCarbon',
		'powerCarbon',
		'power',
		'energy',
		'carbon',
	] as const);
	number('energyThresholdWh', 0, 1e9, false);
	choice('storageMedium', ['ssd', 'hdd'] as const);
	number('storageReplication', 1, 10, false);
	choice('arrays', ['json', 'columns'] as const);
	flag('codeLensEnabled');
	flag('inlineHintsEnabled');
	choice('converter', ['auto', 'pandas', 'node', 'miller', 'jq'] as const);

	return { settings, problems };
}
