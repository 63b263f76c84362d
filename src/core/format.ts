/**
 * Human formatting shared by the CLI and the editor. Units: kB = 1000 B for files, MiB/GiB for
 * memory (what operating systems report), Wh and gCO2e for energy and carbon.
 */

/** Formats a file size in decimal units (1 kB = 1000 B). */
export function formatBytes(bytes: number): string {
	if (!Number.isFinite(bytes)) {
		return '—';
	}

	const units = ['B', 'kB', 'MB', 'GB', 'TB'];
	let value = Math.abs(bytes);
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit++;
	}

	const sign = bytes < 0 ? '-' : '';
	return `${sign}${unit === 0 ? value.toFixed(0) : value.toPrecision(3)} ${units[unit]}`;
}

/** Formats a memory size in binary units (1 MiB = 1024² B). */
export function formatMemory(bytes: number): string {
	if (!Number.isFinite(bytes)) {
		return '—';
	}

	const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
	let value = Math.abs(bytes);
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}

	return `${unit === 0 ? value.toFixed(0) : value.toPrecision(3)} ${units[unit]}`;
}

/** Formats a duration like `3m 12s`, `850 ms` or `2h 05m`. */
export function formatDuration(seconds: number): string {
	if (!Number.isFinite(seconds) || seconds < 0) {
		return '—';
	}

	if (seconds < 1) {
		return `${Math.round(seconds * 1000)} ms`;
	}

	if (seconds < 60) {
		return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)}s`;
	}

	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) {
		return `${minutes}m ${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
	}

	return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** Formats energy in Wh with sensible precision (mWh below 0.1 Wh, kWh above 1000 Wh). */
export function formatEnergy(wh: number): string {
	if (!Number.isFinite(wh)) {
		return '—';
	}

	if (wh >= 1000) {
		return `${(wh / 1000).toPrecision(3)} kWh`;
	}

	if (wh < 0.1) {
		return `${(wh * 1000).toPrecision(2)} mWh`;
	}

	return `${wh.toPrecision(2)} Wh`;
}

/** Formats carbon in gCO2e (mg below 0.1 g, kg above 1000 g). */
export function formatCarbon(grams: number): string {
	if (!Number.isFinite(grams)) {
		return '—';
	}

	if (grams >= 1000) {
		return `${(grams / 1000).toPrecision(3)} kgCO2e`;
	}

	if (grams < 0.1) {
		return `${(grams * 1000).toPrecision(2)} mgCO2e`;
	}

	return `${grams.toPrecision(2)} gCO2e`;
}

/** Formats power in watts. */
export function formatPower(watts: number): string {
	if (!Number.isFinite(watts)) {
		return '—';
	}

	return watts < 10 ? `${watts.toFixed(1)} W` : `${Math.round(watts)} W`;
}
