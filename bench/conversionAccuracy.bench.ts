// Estimate error against real converters' output: pandas (json_normalize + to_csv), Miller
// (flatten then unsparsify) and a json2csv-style Node converter (@json2csv/plainjs), each compared
// with the estimate made under the convention and quoting that converter follows.
// Target: ≤ 10 % error on at least 90 % of files, none beyond 25 %.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConvention } from '../src/estimators/conversion/convention';
import type { CsvDialect } from '../src/estimators/conversion/delimitedText';
import { estimateConversion } from '../src/estimators/conversion/estimateConversion';

const root = join(__dirname, '..');
const work = join(root, '.bench', 'accuracy');
mkdirSync(work, { recursive: true });
const SAMPLE_BYTES = 262144;
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

const datasets: Array<{ file: string; path?: string }> = [
	{ file: 'test/fixtures/datasets/countries.json' },
	{ file: 'test/fixtures/datasets/airports.json' },
	{ file: 'test/fixtures/datasets/emojiDatasource.json' },
	{ file: 'test/fixtures/datasets/emojibase.json' },
	{ file: 'test/fixtures/datasets/timezones.json' },
	{ file: 'test/fixtures/datasets/countryRegions.json' },
	{ file: 'test/fixtures/datasets/periodicTable.json' },
	{ file: 'test/fixtures/datasets/admin2.json' },
	{ file: 'test/fixtures/datasets/worldMap.json', path: 'features' },
	{ file: 'test/fixtures/datasets/airportsJson.ndjson' },
	{ file: 'sample/data/events.json' },
];

interface Converter {
	name: string;
	arrays: 'json' | 'columns';
	dialect: CsvDialect;
	/** Writes the CSV of `input` to `output`; false when the tool is missing or cannot read it. */
	run(input: string, output: string, path?: string): boolean;
}

function ensureTools(): void {
	const missing = ['mlr', python].filter(
		(tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0,
	);
	const pandas = spawnSync(python, ['-c', 'import pandas']).status === 0;
	if ((missing.length > 0 || !pandas) && process.getuid?.() === 0) {
		console.log('installing miller and python3-pandas with apt-get …');
		spawnSync('sh', ['-c', 'apt-get update -qq && apt-get install -y -qq miller python3-pandas'], {
			stdio: 'ignore',
		});
	} else if (missing.length > 0 || !pandas) {
		console.log('pandas or Miller missing: run `sudo apt-get install -y miller python3-pandas`.');
	}
}

const pandasScript = [
	'import json, sys',
	'import pandas as pd',
	'path = sys.argv[3]',
	'if sys.argv[1].endswith(".ndjson"):',
	'    records = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]',
	'else:',
	'    records = json.load(open(sys.argv[1], encoding="utf-8"))',
	'    for key in filter(None, path.split(".")): records = records[key]',
	'pd.json_normalize(records).to_csv(sys.argv[2], index=False)',
].join('\n');

const converters: Converter[] = [
	{
		name: 'pandas',
		arrays: 'json',
		dialect: 'pandas',
		run: (input, output, path) =>
			spawnSync(python, ['-c', pandasScript, input, output, path ?? '']).status === 0,
	},
	{
		name: 'Miller',
		arrays: 'columns',
		dialect: 'minimal',
		run: (input, output, path) =>
			path === undefined &&
			spawnSync('sh', ['-c', `mlr --ijson --ocsv flatten then unsparsify "${input}" > "${output}"`])
				.status === 0,
	},
	{
		name: 'json2csv',
		arrays: 'json',
		dialect: 'json2csv',
		run: (input, output, path) => {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const { Parser } = require('@json2csv/plainjs') as typeof import('@json2csv/plainjs');
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const { flatten } = require('@json2csv/transforms') as typeof import('@json2csv/transforms');
			const text = readFileSync(input, 'utf8');
			let records: unknown = input.endsWith('.ndjson')
				? text
						.split('\n')
						.filter((line) => line.trim() !== '')
						.map((line) => JSON.parse(line) as unknown)
				: JSON.parse(text);
			for (const key of (path ?? '').split('.').filter(Boolean)) {
				records = (records as Record<string, unknown>)[key];
			}

			const flat = flatten({ separator: '.', objects: true, arrays: false });
			const fields = [
				...new Set((records as object[]).flatMap((record) => Object.keys(flat(record)))),
			];
			writeFileSync(output, new Parser({ fields, transforms: [flat] }).parse(records as object[]));
			return true;
		},
	},
];

async function main(): Promise<void> {
	ensureTools();
	const rows: string[] = [];
	const errors: number[] = [];
	for (const dataset of datasets) {
		const input = join(root, dataset.file);
		const name = dataset.file.split('/').pop()!;
		for (const converter of converters) {
			const output = join(work, `${name}.${converter.name}.csv`);
			if (!converter.run(input, output, dataset.path)) {
				rows.push(
					`| ${name} | – | – | – | – | n/a (${converter.name} cannot read this layout) | ${converter.name} |`,
				);
				continue;
			}

			const real = statSync(output).size;
			const estimate = await estimateConversion(input, {
				to: 'csv',
				convention: parseConvention(converter.arrays),
				dialect: converter.dialect,
				sampleBytes: SAMPLE_BYTES,
			});
			const error = estimate.predictedBytes / real - 1;
			errors.push(Math.abs(error));
			const inRange = estimate.lowBytes <= real && real <= estimate.highBytes ? 'yes' : 'no';
			rows.push(
				`| ${name} | ${estimate.records} | ${real} | ${estimate.predictedBytes} | ${(error * 100).toFixed(1)} % | ${inRange} | ${converter.name} (${converter.arrays}) |`,
			);
		}
	}

	console.log(
		`Estimates with --sample-bytes ${SAMPLE_BYTES} (files above ${(SAMPLE_BYTES * 1.25) / 1000} kB are sampled).\n`,
	);
	console.log(
		'| file | records (est.) | real bytes | predicted | error | real in range | converter (arrays) |',
	);
	console.log('| --- | ---: | ---: | ---: | ---: | --- | --- |');
	console.log(rows.join('\n'));
	const within = errors.filter((error) => error <= 0.1).length;
	const worst = Math.max(...errors);
	console.log(
		`\n${within} of ${errors.length} estimates within 10 % (${((within / errors.length) * 100).toFixed(0)} %, target ≥ 90 %); ` +
			`worst ${(worst * 100).toFixed(1)} % (target ≤ 25 %).`,
	);
}

void main();
