/**
 * Flag parsing shared by the subcommands: `--name value` and `--name=value`, numeric overrides
 * checked against the same ranges as the editor settings (src/core/settings.ts), and every mistake
 * reported as one UsageError line.
 */
import { normaliseSettings, SETTING_KEYS, type FootprintSettings } from '../core/settings';
import { UsageError } from './command';

/** A flag a command accepts. */
export interface FlagSpec {
	name: string;
	/** Placeholder shown in help, e.g. `SECONDS`; absent for a boolean switch. */
	value?: string;
	/** The setting whose range a numeric value must respect. */
	setting?: keyof FootprintSettings;
	help: string;
}

/** The flags that override an energy setting, written once; each command lists the ones it takes. */
const ENERGY_FLAGS = {
	country: {
		name: 'country',
		value: 'CC',
		setting: 'country',
		help: 'ISO 3166 country of the grid, e.g. DE or DEU.',
	},
	intensity: {
		name: 'intensity',
		value: 'G',
		setting: 'intensityOverride',
		help: 'Grid intensity in gCO2e/kWh, 0–2000; overrides --country.',
	},
	pue: {
		name: 'pue',
		value: 'X',
		setting: 'pue',
		help: 'Power usage effectiveness, 1–3 (default 1.0).',
	},
	'cpu-watts': {
		name: 'cpu-watts',
		value: 'W',
		setting: 'cpuWatts',
		help: 'Full-load CPU power in watts, 1–1000 (default: CPU table).',
	},
	'cpu-idle-watts': {
		name: 'cpu-idle-watts',
		value: 'W',
		setting: 'cpuIdleWatts',
		help: 'Idle CPU power in watts, 0–1000 (default: 10 % of full load).',
	},
	'memory-watts-per-gb': {
		name: 'memory-watts-per-gb',
		value: 'W',
		setting: 'memoryWattsPerGb',
		help: 'Memory power per GB, 0–5 (default 0.3725).',
	},
} satisfies Record<string, FlagSpec>;

/** The energy-setting flags with these names, in the order given. */
export function energyFlags(...names: Array<keyof typeof ENERGY_FLAGS>): FlagSpec[] {
	return names.map((name) => ENERGY_FLAGS[name]);
}

/** Parsed flags: switches map to true, valued flags to their raw text. */
export type ParsedFlags = Map<string, string | true>;

/** Parses flags from `args` (all of them must be flags); throws UsageError on anything unknown. */
export function parseFlags(args: string[], specs: FlagSpec[], command: string): ParsedFlags {
	const flags: ParsedFlags = new Map();
	for (let index = 0; index < args.length; index++) {
		const arg = args[index];
		const equals = arg.indexOf('=');
		const name = arg.startsWith('--') && equals > 0 ? arg.slice(0, equals) : arg;
		const spec = specs.find((candidate) => `--${candidate.name}` === name);
		if (!spec) {
			throw new UsageError(
				arg.startsWith('-')
					? `unknown option '${name}' for \`footprint ${command}\`; see \`footprint ${command} --help\``
					: `unexpected argument '${arg}'; see \`footprint ${command} --help\``,
			);
		}

		if (!spec.value) {
			if (equals > 0) {
				throw new UsageError(`--${spec.name} takes no value`);
			}

			flags.set(spec.name, true);
			continue;
		}

		const value = equals > 0 ? arg.slice(equals + 1) : args[++index];
		if (value === undefined || value === '') {
			throw new UsageError(`--${spec.name} needs a value (${spec.value})`);
		}

		flags.set(spec.name, value);
	}

	return flags;
}

/**
 * Reads numeric and country flags into energy settings, refusing values the editor settings would
 * refuse (a negative PUE, 5000 W of CPU, …) instead of silently using a default.
 */
export function settingsFromFlags(flags: ParsedFlags, specs: FlagSpec[]): FootprintSettings {
	const raw = new Map<string, unknown>();
	for (const spec of specs) {
		const value = flags.get(spec.name);
		if (!spec.setting || typeof value !== 'string') {
			continue;
		}

		if (spec.setting === 'country') {
			raw.set(SETTING_KEYS.country, value);
			continue;
		}

		const number = Number(value);
		if (!Number.isFinite(number) || value.trim() === '') {
			throw new UsageError(`--${spec.name}: '${value}' is not a number`);
		}

		raw.set(SETTING_KEYS[spec.setting], number);
	}

	const { settings, problems } = normaliseSettings((key) => raw.get(key));
	if (problems.length > 0) {
		const key = /^footprint\.([\w.]+):/.exec(problems[0])?.[1];
		const spec = specs.find(
			(candidate) => candidate.setting && SETTING_KEYS[candidate.setting] === key,
		);
		const detail = problems[0]
			.replace(/^footprint\.[\w.]+: /, '')
			.replace(/; (using|guessing).*$/, '');
		throw new UsageError(`${spec ? `--${spec.name}` : key}: ${detail}`);
	}

	return settings;
}

/** Help text for one command. */
export function formatHelp(usage: string, description: string, specs: FlagSpec[]): string {
	const lines = [`Usage: ${usage}`, '', description, '', 'Options:'];
	for (const spec of specs) {
		const left = `--${spec.name}${spec.value ? ` ${spec.value}` : ''}`;
		lines.push(`  ${left.padEnd(28)} ${spec.help}`);
	}

	lines.push(`  ${'--help'.padEnd(28)} Show this help.`);
	return lines.join('\n') + '\n';
}
