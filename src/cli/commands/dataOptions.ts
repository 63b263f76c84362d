/**
 * Options shared by `footprint scan` and `footprint watch`: storage assumptions and where the state
 * file lives.
 */
import { normaliseSettings, type FootprintSettings } from '../../core/settings';
import { resolveStorageIntensity } from '../../data/gridIntensity';
import { defaultStatePath } from '../../data/state';
import type { StorageAssumptions } from '../../data/storage';
import { UsageError } from '../command';

export interface DataCommandOptions {
	directory: string;
	json: boolean;
	/** State file path; undefined with `--no-state`. */
	statePath: string | null | undefined;
	settings: FootprintSettings;
	assumptions: StorageAssumptions;
	problems: string[];
}

const VALUE_FLAGS: Record<string, string> = {
	'--medium': 'storage.medium',
	'--replication': 'storage.replication',
	'--country': 'grid.country',
	'--intensity': 'grid.intensityOverride',
	'--arrays': 'data.arrays',
};

/** Parses `[DIR] [--json] [--state FILE | --no-state] [--medium ssd|hdd] [--replication N] …`. */
export function parseDataOptions(args: string[], allowJson: boolean): DataCommandOptions {
	const raw: Record<string, unknown> = {};
	let directory: string | undefined;
	let json = false;
	let statePath: string | null | undefined;
	for (let index = 0; index < args.length; index++) {
		const arg = args[index];
		if (arg === '--json' && allowJson) {
			json = true;
		} else if (arg === '--no-state') {
			statePath = null;
		} else if (arg === '--state') {
			statePath = args[++index];
			if (!statePath) {
				throw new UsageError('--state needs a file path');
			}
		} else if (VALUE_FLAGS[arg]) {
			const value = args[++index];
			if (value === undefined) {
				throw new UsageError(`${arg} needs a value`);
			}

			const key = VALUE_FLAGS[arg];
			raw[key] =
				key === 'storage.replication' || key === 'grid.intensityOverride' ? Number(value) : value;
		} else if (arg.startsWith('-')) {
			throw new UsageError(`unknown option ${arg}`);
		} else if (directory === undefined) {
			directory = arg;
		} else {
			throw new UsageError(`only one folder can be given (got ${directory} and ${arg})`);
		}
	}

	const { settings, problems } = normaliseSettings((key) => raw[key]);
	return {
		directory: directory ?? '.',
		json,
		statePath,
		settings,
		assumptions: {
			medium: settings.storageMedium,
			replication: settings.storageReplication,
			intensity: resolveStorageIntensity(settings),
		},
		problems,
	};
}

/**
 * Parses the shared options for `footprint NAME`, writing a usage error and any settings problems
 * to stderr under that name. Returns the options, or the exit code when the arguments are unusable.
 */
export function readDataOptions(
	name: string,
	args: string[],
	allowJson: boolean,
): DataCommandOptions | number {
	let options;
	try {
		options = parseDataOptions(args, allowJson);
	} catch (error) {
		if (error instanceof UsageError) {
			process.stderr.write(`footprint ${name}: ${error.message}\n`);
			return error.exitCode;
		}

		throw error;
	}

	for (const problem of options.problems) {
		process.stderr.write(`footprint ${name}: ${problem}\n`);
	}

	return options;
}

/** The state file for `root`: the one given, the default one, or undefined with `--no-state`. */
export function resolveStatePath(options: DataCommandOptions, root: string): string | undefined {
	return options.statePath === null ? undefined : (options.statePath ?? defaultStatePath(root));
}

/** Help text for the shared options. */
export const DATA_OPTIONS_HELP = [
	'  --state FILE        where first-seen sizes and conversion events are kept',
	'                      (default: the user state folder, never inside DIR)',
	'  --no-state          keep nothing between runs',
	'  --medium ssd|hdd    storage medium (default ssd)',
	'  --replication N     copies of each file (default 1)',
	'  --country CODE      three-letter country code for the grid intensity (e.g. DEU)',
	'  --intensity G       grid intensity in gCO2e/kWh, overriding the country',
	'  --arrays json|columns  flattening convention for columns (default json)',
].join('\n');
