/**
 * The status bar readout as plain text, without `vscode`, so it is unit-tested: the item shows
 * exactly this string.
 */
import { formatCarbon, formatEnergy, formatPower } from '../core/format';
import type { StatusBarShow } from '../core/settings';

/** What the readout needs: live power (undefined until two samples exist) and session totals. */
export interface Readout {
	watts: number | undefined;
	sessionWh: number;
	sessionGrams: number;
}

/** The status bar text for the `footprint.statusBar.show` choice, e.g. `⚡ 14 W · 2.3 Wh · 1.1 gCO2e`. */
export function statusText(show: StatusBarShow, readout: Readout): string {
	const power = readout.watts === undefined ? '… W' : formatPower(readout.watts);
	const energy = formatEnergy(readout.sessionWh);
	const carbon = formatCarbon(readout.sessionGrams);
	switch (show) {
		case 'power':
			return `⚡ ${power}`;
		case 'energy':
			return `⚡ ${energy}`;
		case 'carbon':
			return `⚡ ${carbon}`;
		case 'powerCarbon':
			return `⚡ ${power} · ${carbon}`;
		default:
			return `⚡ ${power} · ${energy} · ${carbon}`;
	}
}

/** The same readout in words, for screen readers. */
export function statusAccessibilityText(readout: Readout): string {
	const power = readout.watts === undefined ? 'not yet known' : formatPower(readout.watts);
	return `Footprint: machine power ${power}, this session ${formatEnergy(readout.sessionWh)} and ${formatCarbon(readout.sessionGrams)}`;
}
