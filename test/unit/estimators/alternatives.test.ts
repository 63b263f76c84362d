import * as assert from 'node:assert';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { formatBytes } from '../../../src/core/format';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { storageFootprint } from '../../../src/data/storage';
import { detectConversions } from '../../../src/detect/detect';
import type { Finding } from '../../../src/detect/finding';
import { greenerAlternatives } from '../../../src/estimators/alternatives';
import { createEstimateContext } from '../../../src/estimators/energyContext';
import {
	converterFor,
	estimateFinding,
	inlineHint,
	lensTitle,
} from '../../../src/estimators/findingEstimate';
import { buildMachineProfile } from '../../../src/monitor/machineProfile';

const datasets = path.join(__dirname, '..', '..', 'fixtures', 'datasets');
const storage = {
	medium: 'ssd' as const,
	replication: 1,
	intensity: { gramsPerKwh: 400, source: 'test' },
};

function finding(source: string, language: 'python' | 'r' = 'python'): Finding {
	const [first] = detectConversions(source, language).findings;
	assert.ok(first, 'expected a finding in the test script');
	return first;
}

const airportsScript = finding(
	['import pandas as pd', "pd.read_json('airports.json').to_csv('airports.csv', index=False)"].join(
		'\n',
	),
);

suite('conversion estimates and greener alternatives', () => {
	test('the code lens carries the real file size, a smaller CSV estimate, pandas cost and carbon', async () => {
		const input = path.join(datasets, 'airports.json');
		const inputBytes = (await stat(input)).size;
		const context = createEstimateContext({
			machine: buildMachineProfile({}),
			settings: { ...DEFAULT_SETTINGS, intensityOverride: 400 },
		});
		const result = await estimateFinding(airportsScript, {
			inputPath: input,
			choice: 'auto',
			context,
		});

		assert.ok(result.estimate);
		assert.strictEqual(result.estimate.inputBytes, inputBytes);
		// Flat records repeat every key in JSON: the CSV is a fraction of it (METHOD: 0.15–0.6×).
		const ratio = result.estimate.predictedBytes / inputBytes;
		assert.ok(ratio > 0.15 && ratio < 0.6, `CSV/JSON ratio ${ratio}`);
		assert.strictEqual(result.converter, 'pandas');
		assert.ok(result.energy && result.energy.co2eGrams > 0);
		const title = lensTitle(result, 'datasets/airports.json');
		assert.match(title, /^JSON→CSV · datasets\/airports\.json /);
		assert.ok(
			title.includes(
				`${formatBytes(inputBytes)} → ≈${formatBytes(result.estimate.predictedBytes)} CSV`,
			),
			title,
		);
		assert.ok(
			title.includes(
				`(${formatBytes(inputBytes + result.estimate.predictedBytes)} while both kept)`,
			),
			title,
		);
		assert.match(
			title,
			/pandas ≈ [\d.]+ ?(ms|s), [\d.]+ MiB · ≈ [\d.]+ (mg|g)CO2e per run · Greener options…$/,
		);
		assert.match(inlineHint(result), /^JSON→CSV \+[\d.]+ kB · /);
	});

	test('an unknown input still warns, per megabyte, with the reason', async () => {
		const result = await estimateFinding(airportsScript, {
			unresolvedReason: 'airports.json not found',
			choice: 'auto',
		});

		assert.strictEqual(result.estimate, undefined);
		assert.strictEqual(result.perMegabyte, true);
		assert.ok(result.cost.seconds > 0 && result.cost.peakRssBytes > 0);
		assert.match(
			lensTitle(result),
			/^JSON→CSV · per MB of input: pandas ≈ .* · \(airports\.json not found\) · Greener options…$/,
		);
	});

	test('a malformed input file gives per-megabyte figures and says why', async () => {
		const result = await estimateFinding(airportsScript, {
			inputPath: path.join(datasets, 'SOURCES.md'),
			choice: 'auto',
		});

		assert.strictEqual(result.estimate, undefined);
		assert.match(result.reason ?? '', /cannot estimate .*SOURCES\.md/);
	});

	test('when the code keeps some columns (jq [.a, .b] | @csv), the size is scaled to them and said so', async () => {
		const input = path.join(datasets, 'airports.json');
		const [jq] = detectConversions(
			"jq -r '.[] | [.iata, .name] | @csv' airports.json > codes.csv",
			'shellscript',
		).findings;
		const whole = await estimateFinding(
			{ ...jq, columns: undefined },
			{ inputPath: input, choice: 'auto' },
		);
		const kept = await estimateFinding(jq, { inputPath: input, choice: 'auto' });
		const columns = whole.estimate?.columns ?? 0;

		assert.ok(whole.estimate && kept.estimate && columns > 2);
		assert.ok(
			Math.abs(kept.estimate.predictedBytes - (whole.estimate.predictedBytes * 2) / columns) < 1,
		);
		assert.ok(
			kept.notes.some((note) =>
				note.startsWith(`the code keeps 2 of ${Math.round(columns)} columns`),
			),
		);
		const ids = (await greenerAlternatives(kept, { storage })).map((alternative) => alternative.id);
		assert.ok(!ids.includes('usedColumns'));
	});

	test('R and the csv module use pandas figures and say so; the setting overrides the code', () => {
		const r = finding(['x <- fromJSON("a.json")', 'write.csv(x, "a.csv")'].join('\n'), 'r');

		assert.deepStrictEqual(converterFor(r, 'auto'), {
			converter: 'pandas',
			note: 'R not measured; pandas figures stand in',
		});
		assert.deepStrictEqual(converterFor(r, 'miller'), { converter: 'miller' });
	});

	test('JSON→CSV alternatives each carry their own estimate from the file', async () => {
		const input = path.join(datasets, 'airports.json');
		const result = await estimateFinding(airportsScript, { inputPath: input, choice: 'auto' });
		const alternatives = await greenerAlternatives(result, { storage });
		const byId = new Map(alternatives.map((alternative) => [alternative.id, alternative]));
		const csvBytes = result.estimate?.predictedBytes ?? 0;

		assert.deepStrictEqual(
			alternatives.map((alternative) => alternative.id),
			[
				'openAsTable',
				'parquet',
				'compressedCsv',
				'usedColumns',
				'streamChunks',
				'deleteIntermediate',
			],
		);
		assert.strictEqual(byId.get('openAsTable')?.openPath, input);
		assert.strictEqual(byId.get('openAsTable')?.bytes, 0);
		const parquet = byId.get('parquet')?.bytes ?? Infinity;
		const gzip = byId.get('compressedCsv')?.bytes ?? Infinity;
		assert.ok(parquet < csvBytes, `Parquet ${parquet} vs CSV ${csvBytes}`);
		assert.ok(gzip < csvBytes, `gzip ${gzip} vs CSV ${csvBytes}`);
		assert.match(byId.get('usedColumns')?.estimate ?? '', /If you need k of \d+ columns/);
		const kept = storageFootprint(csvBytes, storage);
		assert.ok(kept.kwhPerYear > 0);
		assert.match(byId.get('deleteIntermediate')?.estimate ?? '', /per year of storage/);
		for (const alternative of alternatives) {
			assert.ok(alternative.why.length > 20, `${alternative.id} has a why`);
		}
	});

	test('visible column selection gives a fraction, and CSV→JSON has no compressed-CSV option', async () => {
		const json = await estimateFinding(airportsScript, {
			inputPath: path.join(datasets, 'airports.json'),
			choice: 'auto',
		});
		const narrowed = await greenerAlternatives(json, { storage, usedColumns: 2 });
		const used = narrowed.find((alternative) => alternative.id === 'usedColumns');
		const columns = json.estimate?.columns ?? 0;
		assert.ok(used?.bytes !== undefined && json.estimate);
		assert.ok(Math.abs(used.bytes - (json.estimate.predictedBytes * 2) / columns) < 1);

		const csvToJson = finding(
			['import pandas as pd', "pd.read_csv('countries.csv').to_json('countries.json')"].join('\n'),
		);
		const result = await estimateFinding(csvToJson, {
			inputPath: path.join(datasets, 'countries.csv'),
			choice: 'auto',
		});
		const ids = (await greenerAlternatives(result, { storage })).map(
			(alternative) => alternative.id,
		);
		assert.ok(ids.includes('parquet'));
		assert.ok(!ids.includes('compressedCsv'));
	});
});
