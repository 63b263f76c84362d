// Open as Table on a ≈200 MB JSON array (the sample's real event records repeated with new ids,
// generated into .bench/): time to the first page, to a page deep in the file, and peak memory of
// the process, measured by /usr/bin/time in a child process. Target: bounded memory (the file is
// never loaded whole).
import { statSync } from 'node:fs';
import { TableSession } from '../src/data/tableSession';
import { ensureEventsJson, eventsJson as input, timeCommand } from './benchFiles';

/** In the child: open, read the first page, then a page near the middle and the last page. */
async function child(): Promise<void> {
	const started = performance.now();
	const session = await TableSession.open(input, 'json');
	const first = await session.page(0);
	const firstMs = performance.now() - started;
	const deepIndex = 2000;
	const deepStarted = performance.now();
	const deep = await session.page(deepIndex);
	const deepMs = performance.now() - deepStarted;
	await session.close();
	process.stdout.write(
		JSON.stringify({
			firstMs,
			firstRows: first.type === 'rows' ? first.rows.length : 0,
			deepIndex,
			deepMs,
			deepRows: deep.type === 'rows' ? deep.rows.length : 0,
		}) + '\n',
	);
}

function main(): void {
	ensureEventsJson();
	const result = timeCommand([process.execPath, '--import', 'tsx', __filename, '--child']);
	if (!result.ok) {
		console.log(`the child failed:\n${result.stderr.slice(-800)}`);
		process.exitCode = 1;
		return;
	}

	const figures = JSON.parse(result.stdout) as {
		firstMs: number;
		firstRows: number;
		deepIndex: number;
		deepMs: number;
		deepRows: number;
	};
	const size = statSync(input).size;
	console.log(
		'| file | first page (200 rows) | page 2,000 (rows 400,000–400,199) | peak RSS of the process |',
	);
	console.log('| --- | --- | --- | --- |');
	console.log(
		`| ${(size / 1e6).toFixed(0)} MB JSON array | ${figures.firstMs.toFixed(0)} ms (${figures.firstRows} rows) | ` +
			`${figures.deepMs.toFixed(0)} ms (${figures.deepRows} rows) | ${result.peakMiB.toFixed(0)} MiB |`,
	);
	console.log(
		'\nPeak RSS includes Node itself and the TypeScript loader (tsx), about 60–80 MiB of it.',
	);
}

if (process.argv.includes('--child')) {
	void child();
} else {
	main();
}
