/**
 * Intel/AMD RAPL energy counters through Linux's powercap interface
 * (`/sys/class/powercap/intel-rapl:N/energy_uj`). Only the top-level *package* domains are read:
 * core, uncore and dram are subdomains (`intel-rapl:N:M`) already inside their package, and `psys`
 * (platform) contains the packages, so adding any of them would count energy twice.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Availability } from '../core/measurement';

/** Reads a file as text; injectable so tests can simulate "permission denied" (root ignores chmod). */
export type ReadText = (path: string) => string;

/** One package domain. */
export interface RaplDomain {
	/** e.g. `intel-rapl:0`. */
	id: string;
	/** The domain's own name, e.g. `package-0`. */
	name: string;
	energyFile: string;
	/** The counter wraps to 0 after this many microjoules. */
	maxEnergyRangeMicrojoules: number;
}

/** Result of {@link probeRapl}: whether the counters can be read here, and which. */
export interface RaplProbe {
	availability: Availability;
	domains: RaplDomain[];
}

/** The default powercap mount point. */
export const POWERCAP_ROOT = '/sys/class/powercap';

const defaultReadText: ReadText = (path) => readFileSync(path, 'utf8');

/** Finds the package domains under `root` and checks that each energy counter can be read. */
export function probeRapl(root = POWERCAP_ROOT, readText: ReadText = defaultReadText): RaplProbe {
	let entries: string[];
	try {
		entries = readdirSync(root);
	} catch {
		return unavailable('RAPL: no powercap interface (virtual machine or unsupported CPU)');
	}

	const domains: RaplDomain[] = [];
	for (const id of entries.filter((entry) => /^intel-rapl:\d+$/.test(entry)).sort()) {
		const folder = join(root, id);
		const energyFile = join(folder, 'energy_uj');
		try {
			const name = readText(join(folder, 'name')).trim();
			if (!name.startsWith('package')) {
				continue;
			}

			const maxEnergyRangeMicrojoules = Number(
				readText(join(folder, 'max_energy_range_uj')).trim(),
			);
			const energy = Number(readText(energyFile).trim());
			if (!Number.isFinite(energy)) {
				return unavailable(`RAPL: unreadable counter in ${energyFile}`);
			}

			domains.push({
				id,
				name,
				energyFile,
				maxEnergyRangeMicrojoules:
					Number.isFinite(maxEnergyRangeMicrojoules) && maxEnergyRangeMicrojoules > 0
						? maxEnergyRangeMicrojoules
						: 0,
			});
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			const file = (error as NodeJS.ErrnoException).path ?? energyFile;
			if (code === 'EACCES' || code === 'EPERM') {
				return unavailable(
					`RAPL: permission denied on ${file} — run as root or grant read access (e.g. a udev rule)`,
				);
			}

			return unavailable(`RAPL: cannot read ${file} (${code ?? String(error)})`);
		}
	}

	if (domains.length === 0) {
		return unavailable('RAPL: no powercap interface (virtual machine or unsupported CPU)');
	}

	return { availability: { available: true }, domains };
}

function unavailable(reason: string): RaplProbe {
	return { availability: { available: false, reason }, domains: [] };
}

/**
 * Cumulative energy of all package domains, in joules since the reader was created. Each counter
 * wraps to zero at its `max_energy_range_uj`; a reading lower than the previous one is taken as one
 * wrap. Limitation: if more than one full range passes between two reads (about 60 s at 1 kW on a
 * 2^32 µJ counter, hours on the usual 2^38 range) the extra wraps are not seen, so read at least
 * that often.
 */
export class RaplReader {
	private readonly last: number[];
	private joules = 0;

	constructor(
		private readonly domains: RaplDomain[],
		private readonly readText: ReadText = defaultReadText,
	) {
		this.last = domains.map((domain) => this.readMicrojoules(domain) ?? 0);
	}

	/** Joules used by all packages since construction, or undefined if a counter stopped reading. */
	readJoules(): number | undefined {
		for (let i = 0; i < this.domains.length; i++) {
			const domain = this.domains[i];
			const value = this.readMicrojoules(domain);
			if (value === undefined) {
				return undefined;
			}

			let delta = value - this.last[i];
			if (delta < 0) {
				delta += domain.maxEnergyRangeMicrojoules;
			}

			// A negative delta without a known range cannot be interpreted: skip it rather than guess.
			if (delta >= 0) {
				this.joules += delta / 1e6;
			}

			this.last[i] = value;
		}

		return this.joules;
	}

	private readMicrojoules(domain: RaplDomain): number | undefined {
		try {
			const value = Number(this.readText(domain.energyFile).trim());
			return Number.isFinite(value) ? value : undefined;
		} catch {
			return undefined;
		}
	}
}
