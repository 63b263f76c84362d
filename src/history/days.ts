import type { FootprintRecord } from '../core/record';

/** Totals over a set of records. */
export interface Totals {
	count: number;
	durationSeconds: number;
	cpuSeconds: number;
	energyWh: number;
	co2eGrams: number;
}

/** The records of one local calendar day, newest first. */
export interface DayGroup {
	/** `YYYY-MM-DD` in local time. */
	key: string;
	/** `Today`, `Yesterday`, or the date as `YYYY-MM-DD`. */
	label: string;
	totals: Totals;
	records: FootprintRecord[];
}

/** Adds up records. */
export function totalsOf(records: readonly FootprintRecord[]): Totals {
	const totals: Totals = { count: 0, durationSeconds: 0, cpuSeconds: 0, energyWh: 0, co2eGrams: 0 };
	for (const record of records) {
		totals.count++;
		totals.durationSeconds += record.durationSeconds;
		totals.cpuSeconds += record.cpuSeconds;
		totals.energyWh += record.energyWh;
		totals.co2eGrams += record.co2eGrams;
	}

	return totals;
}

/** The local calendar day of an instant as `YYYY-MM-DD`. */
export function localDayKey(epochMs: number): string {
	const date = new Date(epochMs);
	const month = String(date.getMonth() + 1).padStart(2, '0');
	const day = String(date.getDate()).padStart(2, '0');
	return `${date.getFullYear()}-${month}-${day}`;
}

/**
 * Groups records by the local day they ended on, newest day first; Today and Yesterday are named,
 * older days show their date. Days without records do not appear.
 */
export function groupByDay(records: readonly FootprintRecord[], now = Date.now()): DayGroup[] {
	const today = localDayKey(now);
	const yesterdayDate = new Date(now);
	yesterdayDate.setDate(yesterdayDate.getDate() - 1);
	const yesterday = localDayKey(yesterdayDate.getTime());

	const byDay = new Map<string, FootprintRecord[]>();
	for (const record of records) {
		const key = localDayKey(Date.parse(record.endedAt));
		const list = byDay.get(key) ?? [];
		list.push(record);
		byDay.set(key, list);
	}

	return [...byDay.entries()]
		.sort(([a], [b]) => b.localeCompare(a))
		.map(([key, list]) => {
			const sorted = [...list].sort((a, b) => b.endedAt.localeCompare(a.endedAt));
			const label = key === today ? 'Today' : key === yesterday ? 'Yesterday' : key;
			return { key, label, totals: totalsOf(sorted), records: sorted };
		});
}

/** Records that ended on the local day of `now`. */
export function recordsOfToday(
	records: readonly FootprintRecord[],
	now = Date.now(),
): FootprintRecord[] {
	const today = localDayKey(now);
	return records.filter((record) => localDayKey(Date.parse(record.endedAt)) === today);
}
