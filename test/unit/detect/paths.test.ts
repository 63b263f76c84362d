import * as assert from 'node:assert';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { candidatePaths, resolveDataPath } from '../../../src/detect/paths';

suite('detect: path literals', () => {
	const context = { fileFolder: '/ws/scripts', workspaceRoots: ['/ws', '/other'] };

	test('relative paths try the script folder first, then each workspace root', () => {
		assert.deepStrictEqual(candidatePaths('data/events.json', context), [
			'/ws/scripts/data/events.json',
			'/ws/data/events.json',
			'/other/data/events.json',
		]);
		// Both roots lead to the same file: it is tried once.
		assert.deepStrictEqual(candidatePaths('../data/a.json', context), [
			'/ws/data/a.json',
			'/data/a.json',
		]);
	});

	test('absolute, home, URL and empty paths', () => {
		assert.deepStrictEqual(candidatePaths('/srv/a.json', context), ['/srv/a.json']);
		assert.deepStrictEqual(candidatePaths('~/a.json', { ...context, home: '/home/me' }), [
			'/home/me/a.json',
		]);
		assert.deepStrictEqual(candidatePaths('~/a.json', context), []);
		assert.deepStrictEqual(candidatePaths('https://example.org/a.json', context), []);
		assert.deepStrictEqual(candidatePaths('  ', context), []);
	});

	test('resolves to the real file that exists', async () => {
		const root = mkdtempSync(join(tmpdir(), 'footprint-paths-'));
		try {
			mkdirSync(join(root, 'scripts'));
			mkdirSync(join(root, 'data'));
			writeFileSync(join(root, 'data', 'events.json'), '[]');
			const exists = async (path: string) =>
				access(path).then(
					() => true,
					() => false,
				);
			const found = await resolveDataPath(
				'data/events.json',
				{ fileFolder: join(root, 'scripts'), workspaceRoots: [root] },
				exists,
			);
			const missing = await resolveDataPath(
				'data/nothing.json',
				{ fileFolder: join(root, 'scripts'), workspaceRoots: [root] },
				exists,
			);

			assert.strictEqual(found, join(root, 'data', 'events.json'));
			assert.strictEqual(missing, undefined);
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
	});
});
