import * as assert from 'node:assert';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { classifyDataFile } from '../../../src/data/formats';
import { inspectDataFile, type DataFileInfo } from '../../../src/data/inventory';
import { suiteTemporaryFolder } from '../suiteFolder';

async function info(path: string): Promise<DataFileInfo> {
	const stats = await stat(path);
	return {
		path,
		relativePath: path,
		size: stats.size,
		mtimeMs: stats.mtimeMs,
		kind: classifyDataFile(path)!,
	};
}

suite('data file inspection', () => {
	let folder: string;
	suiteTemporaryFolder('footprint-inspect-', (path) => {
		folder = path;
	});

	test('estimates the records of a file larger than the sample within 10 %', async () => {
		const path = join(folder, 'log.ndjson');
		const lines = Array.from({ length: 20_000 }, (_, index) =>
			JSON.stringify({
				at: 1_700_000_000 + index,
				level: index % 7 === 0 ? 'warn' : 'info',
				ms: (index * 37) % 900,
			}),
		);
		await writeFile(path, lines.join('\n') + '\n');
		const details = await inspectDataFile(await info(path), {
			arrays: 'json',
			sampleBytes: 20_000,
		});
		assert.strictEqual(details.records?.exact, false);
		const estimate = details.records!.estimate;
		assert.ok(Math.abs(estimate - 20_000) / 20_000 < 0.1, `estimated ${estimate} records`);
		assert.ok(details.sampledBytes < 40_000, `read ${details.sampledBytes} bytes`);
		assert.strictEqual(details.columns, 3);
	});

	test('counts a small CSV exactly and flags its personal data', async () => {
		const path = join(folder, 'people.csv');
		await writeFile(
			path,
			'id,contact,peer\n1,ann@example.com,10.0.0.1\n2,bob@example.org,10.0.0.2\n',
		);
		const details = await inspectDataFile(await info(path), { arrays: 'json' });
		assert.deepStrictEqual(details.records, { estimate: 2, exact: true });
		assert.deepStrictEqual(
			details.personalData.map((flag) => `${flag.column}:${flag.kind}`),
			['contact:email', 'peer:ipAddress'],
		);
	});

	test('a file it cannot read says why and is not sampled', async () => {
		const path = join(folder, 'broken.json');
		await writeFile(path, '{"a":');
		const details = await inspectDataFile(await info(path), { arrays: 'json' });
		assert.strictEqual(details.records, undefined);
		assert.match(details.error ?? '', /broken\.json/);
		const parquet = await inspectDataFile(
			await info(join(folder, 'people.csv')).then((file) => ({
				...file,
				kind: classifyDataFile('x.parquet')!,
			})),
			{ arrays: 'json' },
		);
		assert.deepStrictEqual(parquet, { personalData: [], sampledBytes: 0 });
	});
});
