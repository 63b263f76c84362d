/**
 * Which files count as data files, by their name alone. Classification never opens the file, so it is
 * cheap enough to run on every watcher event.
 */
import { basename } from 'node:path';

/** A data format Footprint follows in the workspace. */
export type DataFormat = 'json' | 'ndjson' | 'csv' | 'tsv' | 'parquet' | 'xlsx' | 'arrow' | 'avro';

/** What a file name says about its content. */
export interface DataFileKind {
	format: DataFormat;
	/** True for the `.gz` form of a format (`events.csv.gz`). */
	gzip: boolean;
	/** The name without its data extensions (`events` for `events.csv.gz`), used to pair conversions. */
	stem: string;
}

const EXTENSIONS: Record<string, DataFormat> = {
	json: 'json',
	geojson: 'json',
	ndjson: 'ndjson',
	jsonl: 'ndjson',
	csv: 'csv',
	tsv: 'tsv',
	parquet: 'parquet',
	xlsx: 'xlsx',
	arrow: 'arrow',
	feather: 'arrow',
	avro: 'avro',
};

/** Every extension Footprint treats as data (without the `.gz` forms), for globs and watchers. */
export const DATA_EXTENSIONS: readonly string[] = Object.keys(EXTENSIONS);

/** A glob matching every data file, e.g. for `workspace.findFiles` and file watchers. */
export const DATA_FILE_GLOB = `**/*.{${DATA_EXTENSIONS.flatMap((extension) => [extension, `${extension}.gz`]).join(',')}}`;

/** Formats whose records Footprint can read itself (sampling, Open as Table). */
export const READABLE_FORMATS: readonly DataFormat[] = ['json', 'ndjson', 'csv', 'tsv'];

/** Formats that a conversion from JSON typically produces. */
export const DERIVED_FORMATS: readonly DataFormat[] = ['csv', 'tsv', 'xlsx', 'parquet'];

/** JSON files that configure tools rather than hold data; never listed as data files. */
const CONFIGURATION_FILES = new Set([
	'package.json',
	'package-lock.json',
	'composer.json',
	'composer.lock',
	'bower.json',
	'lerna.json',
	'nx.json',
	'angular.json',
	'vercel.json',
	'renovate.json',
	'manifest.json',
	'launch.json',
	'settings.json',
	'tasks.json',
	'extensions.json',
	'devcontainer.json',
	'pyrightconfig.json',
	'deno.json',
	'biome.json',
]);
const CONFIGURATION_PATTERN =
	/^(tsconfig|jsconfig|\.?eslintrc|\.?prettierrc|\.?babelrc|turbo|tslint)[^/]*\.json$/;

/**
 * Classifies a path by its extension; undefined when it is not a data file. Tool configuration
 * (`package.json`, `tsconfig.json`, dot-files) is not data.
 */
export function classifyDataFile(path: string): DataFileKind | undefined {
	const name = basename(path).toLowerCase();
	if (name.startsWith('.') || CONFIGURATION_FILES.has(name) || CONFIGURATION_PATTERN.test(name)) {
		return undefined;
	}

	let rest = name;
	let gzip = false;
	if (rest.endsWith('.gz')) {
		gzip = true;
		rest = rest.slice(0, -3);
	}

	const dot = rest.lastIndexOf('.');
	if (dot <= 0) {
		return undefined;
	}

	const format = EXTENSIONS[rest.slice(dot + 1)];
	if (!format) {
		return undefined;
	}

	// Keep the stem's original case: pairing compares names within one folder on the real file system.
	return { format, gzip, stem: basename(path).slice(0, dot) };
}

/** True for formats Open as Table can stream (plain JSON, NDJSON, CSV, TSV; not gzip). */
export function isTableable(kind: DataFileKind | undefined): boolean {
	return kind !== undefined && !kind.gzip && READABLE_FORMATS.includes(kind.format);
}

/** A label such as `CSV` or `CSV.gz`. */
export function formatLabel(kind: DataFileKind): string {
	const label = kind.format === 'arrow' ? 'Arrow' : kind.format.toUpperCase();
	return kind.gzip ? `${label}.gz` : label;
}
