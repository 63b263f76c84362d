import * as assert from 'node:assert';
import { readFile, truncate, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
	openRecordReader,
	RecordReaderError,
	type RecordReader,
} from '../../../src/data/recordReader';
import { suiteTemporaryFolder } from '../suiteFolder';

let folder: string;

async function file(name: string, content: string | Buffer): Promise<string> {
	const path = join(folder, name);
	await writeFile(path, content);
	return path;
}

async function readAll(reader: RecordReader): Promise<unknown[]> {
	const records: unknown[] = [];
	for (let page = 0; ; page++) {
		const read = await reader.readPage(page);
		records.push(...read.records);
		if (read.done) {
			return records;
		}
	}
}

async function rejectsClearly(work: () => Promise<unknown>, pattern: RegExp): Promise<void> {
	await assert.rejects(work, (error: unknown) => {
		assert.ok(
			error instanceof RecordReaderError,
			`expected a RecordReaderError, got ${String(error)}`,
		);
		assert.match(error.message, pattern);
		return true;
	});
}

suite('streaming record reader', () => {
	suiteTemporaryFolder('footprint-reader-', (path) => {
		folder = path;
	});

	test('pages through the sample events file with tiny chunks and matches JSON.parse', async () => {
		const path = join(__dirname, '../../../sample/data/events.json');
		const expected = JSON.parse(await readFile(path, 'utf8')) as unknown[];
		// 257-byte chunks put chunk boundaries inside keys, strings and escapes.
		const reader = await openRecordReader(path, { pageSize: 250, chunkBytes: 257 });
		try {
			assert.strictEqual(reader.layout, 'jsonArray');
			const records = await readAll(reader);
			assert.strictEqual(records.length, expected.length);
			assert.deepStrictEqual(records[0], expected[0]);
			assert.deepStrictEqual(records[records.length - 1], expected[expected.length - 1]);
			assert.deepStrictEqual(reader.knownPages, {
				count: Math.ceil(expected.length / 250),
				complete: true,
			});
		} finally {
			await reader.close();
		}
	});

	test('jumps to any page, back and forth, with the same rows', async () => {
		const rows = Array.from({ length: 95 }, (_, index) => ({
			n: index,
			text: `row ${index}, "quoted" \\ é`,
		}));
		const path = await file('rows.json', JSON.stringify(rows, null, 2));
		const reader = await openRecordReader(path, { pageSize: 10, chunkBytes: 64 });
		try {
			const page7 = await reader.readPage(7);
			assert.deepStrictEqual(page7.records[0], rows[70]);
			const page2 = await reader.readPage(2);
			assert.deepStrictEqual(page2.records, rows.slice(20, 30));
			const last = await reader.readPage(9);
			assert.strictEqual(last.records.length, 5);
			assert.strictEqual(last.done, true);
			const beyond = await reader.readPage(12);
			assert.deepStrictEqual(beyond.records, []);
			assert.strictEqual(beyond.done, true);
		} finally {
			await reader.close();
		}
	});

	test('a page that ends exactly at the last record says it is the last', async () => {
		const path = await file('exact.ndjson', '{"a":1}\n{"a":2}\n{"a":3}\n{"a":4}\n');
		const reader = await openRecordReader(path, { pageSize: 2 });
		try {
			const first = await reader.readPage(0);
			assert.strictEqual(first.done, false);
			const second = await reader.readPage(1);
			assert.deepStrictEqual(second.records, [{ a: 3 }, { a: 4 }]);
			assert.strictEqual(second.done, true);
		} finally {
			await reader.close();
		}
	});

	test('reads CSV with quoted newlines, doubled quotes, CRLF and a BOM', async () => {
		const content =
			'\ufeffid,comment,amount\r\n1,"line one\nline two",3.5\r\n2,"she said ""no""",4\r\n3,,\r\n';
		const path = await file('quoted.csv', content);
		const reader = await openRecordReader(path, { chunkBytes: 16, pageSize: 2 });
		try {
			assert.deepStrictEqual(reader.columns, ['id', 'comment', 'amount']);
			const records = await readAll(reader);
			assert.deepStrictEqual(records, [
				{ id: '1', comment: 'line one\nline two', amount: '3.5' },
				{ id: '2', comment: 'she said "no"', amount: '4' },
				{ id: '3', comment: '', amount: '' },
			]);
		} finally {
			await reader.close();
		}
	});

	test('reads TSV and names duplicate or empty header cells', async () => {
		const path = await file('table.tsv', 'a\ta\t\n1\t2\t3\n');
		const reader = await openRecordReader(path);
		try {
			assert.deepStrictEqual(reader.columns, ['a', 'a (2)', 'column 3']);
			assert.deepStrictEqual((await reader.readPage(0)).records, [
				{ a: '1', 'a (2)': '2', 'column 3': '3' },
			]);
		} finally {
			await reader.close();
		}
	});

	test('finds the bulk array of an object and says which key it used', async () => {
		const geo = {
			type: 'FeatureCollection',
			meta: { tags: [1, 2] },
			features: [{ id: 1 }, { id: 2 }],
		};
		const path = await file('map.geojson', '\ufeff' + JSON.stringify(geo));
		const reader = await openRecordReader(path, { chunkBytes: 8 });
		try {
			assert.strictEqual(reader.layout, 'jsonBulkArray');
			assert.strictEqual(reader.bulkPath, 'features');
			assert.deepStrictEqual(await readAll(reader), [{ id: 1 }, { id: 2 }]);
		} finally {
			await reader.close();
		}
	});

	test('reads NDJSON, skipping blank lines, also under a .json name', async () => {
		const path = await file('log.json', '{"level":"info","tags":["a"]}\n\n{"level":"warn"}\r\n');
		const reader = await openRecordReader(path);
		try {
			assert.strictEqual(reader.layout, 'ndjson');
			assert.deepStrictEqual(await readAll(reader), [
				{ level: 'info', tags: ['a'] },
				{ level: 'warn' },
			]);
		} finally {
			await reader.close();
		}
	});

	test('a single object is one record', async () => {
		const path = await file('one.json', '{\n  "name": "x",\n  "n": 1\n}\n');
		const reader = await openRecordReader(path);
		try {
			assert.deepStrictEqual(await readAll(reader), [{ name: 'x', n: 1 }]);
		} finally {
			await reader.close();
		}
	});

	test('a truncated JSON array is a clear error, not a crash', async () => {
		const path = await file('cut.json', '[{"a":1},{"a":2},{"a":');
		const reader = await openRecordReader(path);
		try {
			await rejectsClearly(
				() => reader.readPage(0),
				/cut\.json: the file ends inside a record .*truncated/,
			);
		} finally {
			await reader.close();
		}
	});

	test('malformed records and bad separators name the byte where they are', async () => {
		const bad = await openRecordReader(await file('bad.json', '[{"a":1} {"a":2}]'));
		await rejectsClearly(() => bad.readPage(0), /expected ',' or '\]' but found '\{' at byte 9/);
		await bad.close();
		const invalid = await openRecordReader(await file('invalid.ndjson', '{"a":1}\n{a:2}\n'));
		await rejectsClearly(() => invalid.readPage(0), /line at byte 8 is not valid JSON/);
		await invalid.close();
		const unclosed = await openRecordReader(await file('open.csv', 'a,b\n1,"never closed\n'));
		await rejectsClearly(
			() => unclosed.readPage(0),
			/quoted field opened at byte 6 is never closed/,
		);
		await unclosed.close();
	});

	test('empty, binary and non-JSON files are refused with a reason', async () => {
		await rejectsClearly(
			async () => openRecordReader(await file('empty.json', '')),
			/the file is empty/,
		);
		await rejectsClearly(
			async () =>
				openRecordReader(await file('image.json', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]))),
			/looks like a binary file/,
		);
		await rejectsClearly(
			async () => openRecordReader(await file('text.json', 'hello')),
			/expected a JSON array or object/,
		);
		await rejectsClearly(
			() => openRecordReader(join(folder, 'missing.json')),
			/cannot open \(ENOENT\)/,
		);
		await rejectsClearly(
			() => openRecordReader(join(folder, 'a.parquet')),
			/only JSON, NDJSON, CSV and TSV/,
		);
	});

	test('a record larger than the limit is refused without loading the file', async () => {
		const path = await file('wide.ndjson', `{"blob":"${'x'.repeat(200_000)}"}\n`);
		const reader = await openRecordReader(path, { maxRecordBytes: 50_000, chunkBytes: 4096 });
		try {
			await rejectsClearly(() => reader.readPage(0), /single record at byte 0 is larger than/);
		} finally {
			await reader.close();
		}
	});

	test('a file that shrinks or vanishes while open is reported as changed', async () => {
		const rows = Array.from({ length: 50 }, (_, index) => ({ index }));
		const path = await file('vanishing.json', JSON.stringify(rows));
		const reader = await openRecordReader(path, { pageSize: 10 });
		try {
			assert.strictEqual((await reader.readPage(0)).records.length, 10);
			await truncate(path, 40);
			await rejectsClearly(() => reader.readPage(1), /changed on disk while it was open/);
		} finally {
			await reader.close();
		}

		const second = await file('deleted.json', JSON.stringify(rows));
		const other = await openRecordReader(second, { pageSize: 10 });
		try {
			await unlink(second);
			// The open handle still reads the unlinked file on POSIX; the pages stay consistent.
			const page = await other.readPage(1);
			assert.deepStrictEqual(page.records[0], { index: 10 });
		} finally {
			await other.close();
		}
	});
});
