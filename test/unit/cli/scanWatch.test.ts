import * as assert from 'node:assert';
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanReport } from '../../../src/cli/commands/scan';
import { parseDataOptions } from '../../../src/cli/commands/dataOptions';
import { watchData } from '../../../src/cli/commands/watch';

const root = join(__dirname, '../../..');

/** Runs the CLI from source; as root, as the unprivileged `nobody` so that permissions apply. */
function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	const asRoot = process.getuid?.() === 0;
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args],
			{
				cwd: root,
				env: { ...process.env, HOME: tmpdir() },
				...(asRoot ? { uid: 65534, gid: 65534 } : {}),
			},
		);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
	});
}

suite('footprint scan and watch', function () {
	this.timeout(60_000);
	let folder: string;

	suiteSetup(async () => {
		folder = await mkdtemp(join(tmpdir(), 'footprint-scan-'));
		await chmod(folder, 0o755);
		const people = Array.from({ length: 40 }, (_, index) => ({
			id: index,
			customer: { email: `user${index}@example.org`, name: `Person ${index}` },
			total: index * 2.5,
		}));
		await mkdir(join(folder, 'data'));
		await writeFile(join(folder, 'data', 'orders.json'), JSON.stringify(people, null, 2));
		await writeFile(join(folder, 'data', 'orders.csv'), 'id,total\n1,2.5\n');
		await writeFile(join(folder, 'data', 'broken.json'), '[{"a":1},');
		await mkdir(join(folder, 'node_modules', 'pkg'), { recursive: true });
		await writeFile(join(folder, 'node_modules', 'pkg', 'data.json'), '[]');
		await mkdir(join(folder, 'secret'));
		await writeFile(join(folder, 'secret', 'hidden.csv'), 'a\n1\n');
		await chmod(join(folder, 'secret'), 0o000);
		// A link back to the root would loop forever if followed blindly.
		await symlink(folder, join(folder, 'data', 'loop'));
		await chmod(join(folder, 'data'), 0o755);
	});

	suiteTeardown(async () => {
		await chmod(join(folder, 'secret'), 0o755);
		await rm(folder, { recursive: true, force: true });
	});

	test('scan --json lists data files, flags, pairs and the unreadable folder', async () => {
		const { code, stdout, stderr } = await runCli([
			'scan',
			folder,
			'--json',
			'--no-state',
			'--intensity',
			'400',
		]);
		assert.strictEqual(code, 0, stderr);
		const report = JSON.parse(stdout) as ScanReport;
		assert.deepStrictEqual(
			report.files.map((file) => file.relativePath),
			['data/broken.json', 'data/orders.csv', 'data/orders.json'],
		);
		const orders = report.files.find((file) => file.relativePath === 'data/orders.json')!;
		assert.deepStrictEqual(orders.records, { estimate: 40, exact: true });
		assert.deepStrictEqual(
			orders.personalData.map((flag) => `${flag.column}:${flag.kind}`),
			['customer.email:email', 'customer.name:name'],
		);
		assert.strictEqual(orders.format, 'JSON');
		const expectedKwh = ((orders.size / 1e12) * 1.2 * 8766) / 1000;
		assert.ok(Math.abs(orders.storage.kwhPerYear - expectedKwh) < 1e-15);
		assert.ok(Math.abs(orders.storage.co2eGramsPerYear - expectedKwh * 400) < 1e-12);
		assert.match(report.files[0].error ?? '', /truncated/);
		assert.deepStrictEqual(
			report.conversions.map((pair) => pair.derived),
			['data/orders.csv'],
		);
		assert.deepStrictEqual(
			report.problems.map((problem) => [problem.path, problem.reason]),
			[[join(folder, 'secret'), 'permission denied (EACCES)']],
		);
		assert.match(report.storage.description, /SSD 1\.2 Wh per TB-hour .* 400 gCO2e\/kWh/);
	});

	test('scan prints a readable report and remembers first-seen sizes outside the folder', async () => {
		const state = join(tmpdir(), `footprint-scan-state-${process.pid}.json`);
		await rm(state, { force: true });
		const first = await runCli(['scan', folder, '--state', state]);
		assert.strictEqual(first.code, 0, first.stderr);
		assert.match(first.stdout, /3 data files in /);
		assert.match(first.stdout, /personal data\? customer\.email: email addresses/);
		assert.match(
			first.stdout,
			/data\/orders\.json \(.*\) → data\/orders\.csv .* held while both are kept/,
		);
		assert.match(first.stdout, /Skipped \(could not be read\):\n {2}.*secret: permission denied/);
		const saved = JSON.parse(await readFile(state, 'utf8')) as {
			files: Record<string, { firstSeenSize: number }>;
		};
		assert.strictEqual(saved.files[join(folder, 'data', 'orders.csv')].firstSeenSize, 15);
		await writeFile(join(folder, 'data', 'orders.csv'), 'id,total\n1,2.5\n2,5.0\n');
		const second = await runCli(['scan', folder, '--state', state]);
		assert.match(
			second.stdout,
			/data\/orders\.csv · CSV · 21 B · .*\+6 B \(\+40 %\) since \d{4}-\d\d-\d\d/,
		);
		await rm(state, { force: true });
	});

	test('scan refuses bad options with a clear message', async () => {
		const { code, stderr } = await runCli(['scan', '--medium']);
		assert.strictEqual(code, 2);
		assert.match(stderr, /--medium needs a value/);
	});

	test('watch reports a new CSV beside a JSON as a conversion, and stops cleanly', async () => {
		const lines: string[] = [];
		const controller = new AbortController();
		let ready!: () => void;
		const isReady = new Promise<void>((resolve) => (ready = resolve));
		const options = parseDataOptions([folder, '--no-state'], false);
		const watching = watchData(
			folder,
			options,
			(line) => lines.push(line),
			controller.signal,
			ready,
		);
		try {
			await isReady;
			// Root can read the locked folder, so it sees one file more than other users.
			assert.match(lines.join('\n'), /watching [34] data files/);
			await writeFile(join(folder, 'data', 'orders.tsv'), 'id\ttotal\n1\t2.5\n');
			await writeFile(join(folder, 'notes.txt'), 'not data');
			const deadline = Date.now() + 10_000;
			while (!lines.some((line) => line.startsWith('conversion')) && Date.now() < deadline) {
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
		} finally {
			controller.abort();
			await watching;
		}

		const events = lines.filter((line) => /^(added|conversion)/.test(line));
		assert.strictEqual(events.length, 2, lines.join('\n'));
		assert.match(events[0], /^added data\/orders\.tsv \(tsv, \d+ B\)/);
		assert.match(
			events[1],
			/^conversion data\/orders\.json \(JSON, .*\) → data\/orders\.tsv \(TSV/,
		);
		assert.ok(!lines.some((line) => line.includes('notes.txt')));
	});
});
