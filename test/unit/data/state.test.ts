import * as assert from 'node:assert';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatBytes } from '../../../src/core/format';
import {
	defaultStatePath,
	describeGrowth,
	emptyDataState,
	loadDataState,
	observeFile,
	saveDataState,
} from '../../../src/data/state';
import { suiteTemporaryFolder } from '../suiteFolder';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-02T08:00:00Z');

suite('data state and growth', () => {
	let folder: string;
	suiteTemporaryFolder('footprint-state-', (path) => {
		folder = path;
	});

	test('growth is measured from the size when first seen', () => {
		const state = emptyDataState();
		assert.strictEqual(observeFile(state, '/w/a.json', 1_000_000, T0).firstTime, true);
		const later = observeFile(state, '/w/a.json', 1_300_000, T0 + 3 * DAY);
		assert.strictEqual(later.firstTime, false);
		assert.strictEqual(later.growth.bytes, 300_000);
		assert.ok(Math.abs(later.growth.fraction! - 0.3) < 1e-12);
		assert.strictEqual(
			describeGrowth(later.growth, formatBytes),
			'+300 kB (+30 %) since 2026-11-02',
		);
		const shrunk = observeFile(state, '/w/a.json', 500_000, T0 + 4 * DAY);
		assert.strictEqual(
			describeGrowth(shrunk.growth, formatBytes),
			'−500 kB (−50 %) since 2026-11-02',
		);
	});

	test('state survives a save and a load', async () => {
		const path = join(folder, 'nested', 'state.json');
		const state = emptyDataState();
		observeFile(state, '/w/a.json', 42, T0);
		await saveDataState(path, state);
		const { state: loaded, problem } = await loadDataState(path);
		assert.strictEqual(problem, undefined);
		assert.strictEqual(loaded.files['/w/a.json'].firstSeenSize, 42);
	});

	test('a damaged state file is kept aside and reported, not lost', async () => {
		const path = join(folder, 'damaged.json');
		await writeFile(path, '{"version":1,"files":');
		const { state, problem } = await loadDataState(path);
		assert.deepStrictEqual(state.files, {});
		assert.match(problem!, /damaged.*kept as/);
		const kept = (await readdir(folder)).filter((name) => name.startsWith('damaged.json.damaged-'));
		assert.strictEqual(kept.length, 1);
		assert.strictEqual(await readFile(join(folder, kept[0]), 'utf8'), '{"version":1,"files":');
	});

	test('the CLI keeps its state outside the scanned folder', () => {
		const path = defaultStatePath('/home/me/project', {}, '/home/me', 'linux');
		assert.match(path, /^\/home\/me\/\.local\/state\/footprint\/data\/[0-9a-f]{16}\.json$/);
		assert.ok(!path.startsWith('/home/me/project'));
		assert.match(
			defaultStatePath('/p', { XDG_STATE_HOME: '/s' }, '/h', 'linux'),
			/^\/s\/footprint\/data\//,
		);
		assert.notStrictEqual(
			defaultStatePath('/p/a', {}, '/h', 'linux'),
			defaultStatePath('/p/b', {}, '/h', 'linux'),
		);
	});
});
