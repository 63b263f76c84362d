import * as assert from 'node:assert';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseHostMessage, parseWebviewMessage } from '../../../src/data/tableMessages';
import { TableSession } from '../../../src/data/tableSession';
import { suiteTemporaryFolder } from '../suiteFolder';

suite('Open as Table: host session and messages', () => {
	let folder: string;
	suiteTemporaryFolder('footprint-table-', (path) => {
		folder = path;
	});

	test('pages carry text rows aligned with the union of columns, flattened like the estimator', async () => {
		const path = join(folder, 'mixed.json');
		const records = [
			{ id: 1, geo: { city: 'Oslo' } },
			{ id: 2, tags: ['a'], extra: true },
		];
		await writeFile(path, JSON.stringify(records));
		const session = await TableSession.open(path, 'json');
		try {
			const init = session.init();
			assert.strictEqual(init.fileName, 'mixed.json');
			assert.strictEqual(init.layout, 'JSON array');
			assert.match(init.convention, /arrays kept as JSON text/);
			const page = await session.page(0);
			assert.deepStrictEqual(page, {
				type: 'rows',
				page: 0,
				columns: ['id', 'geo.city', 'tags', 'extra'],
				rows: [
					['1', 'Oslo'],
					['2', '', '["a"]', 'true'],
				],
				done: true,
			});
		} finally {
			await session.close();
		}
	});

	test('a broken file becomes an error message for the webview, not a crash', async () => {
		const path = join(folder, 'broken.json');
		await writeFile(path, '[{"a":1},{"a":');
		const session = await TableSession.open(path, 'json');
		try {
			const page = await session.page(0);
			assert.strictEqual(page.type, 'error');
			assert.match(
				(page as { message: string }).message,
				/broken\.json: the file ends inside a record/,
			);
		} finally {
			await session.close();
		}
	});

	test('messages from the webview are validated', () => {
		assert.deepStrictEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
		assert.deepStrictEqual(parseWebviewMessage({ type: 'loadPage', page: 3 }), {
			type: 'loadPage',
			page: 3,
		});
		for (const bad of [
			null,
			'ready',
			{ type: 'loadPage', page: -1 },
			{ type: 'loadPage', page: 1.5 },
			{ type: 'eval' },
		]) {
			assert.strictEqual(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
		}
	});

	test('messages from the host are validated', () => {
		assert.deepStrictEqual(parseHostMessage({ type: 'error', message: 'x' }), {
			type: 'error',
			message: 'x',
		});
		assert.strictEqual(
			parseHostMessage({ type: 'rows', page: 0, columns: ['a'], rows: [[1]], done: true }),
			undefined,
		);
		assert.strictEqual(parseHostMessage({ type: 'init', fileName: 'a' }), undefined);
		const rows = {
			type: 'rows',
			page: 0,
			columns: ['a'],
			rows: [['1']],
			done: false,
			extra: '<script>',
		};
		assert.deepStrictEqual(parseHostMessage(rows), {
			type: 'rows',
			page: 0,
			columns: ['a'],
			rows: [['1']],
			done: false,
		});
	});
});
