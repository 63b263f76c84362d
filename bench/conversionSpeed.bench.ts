// On a ≈200 MB JSON array (real event records repeated with new ids, generated into .bench/): the
// estimate's time and peak memory against a full pandas conversion, each in its own child process
// measured by /usr/bin/time. Targets: estimate ≤ 1 % of pandas' time, ≤ 100 MB peak RSS.
import { spawnSync } from 'node:child_process';
import {
	closeSync,
	existsSync,
	mkdirSync,
	openSync,
	readFileSync,
	statSync,
	writeSync,
} from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const work = join(root, '.bench');
const input = join(work, 'events-200MB.json');
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

function timed(
	command: string[],
): { seconds: number; peakMiB: number; stdout: string } | undefined {
	const result = spawnSync('/usr/bin/time', ['-f', '%e %M', ...command], {
		cwd: root,
		encoding: 'utf8',
		maxBuffer: 1 << 26,
	});
	const match = /([\d.]+) (\d+)\s*$/.exec(result.stderr);
	if (result.status !== 0 || !match) {
		console.log(`failed: ${command.join(' ')}\n${result.stderr.slice(-500)}`);
		return undefined;
	}

	return { seconds: Number(match[1]), peakMiB: Number(match[2]) / 1024, stdout: result.stdout };
}

/** The sample workspace's real event records, repeated with new ids until the file is `megabytes` MB. */
function writeJsonArray(file: string, megabytes: number): void {
	const seed = JSON.parse(
		readFileSync(join(root, 'sample', 'data', 'events.json'), 'utf8'),
	) as object[];
	const descriptor = openSync(file, 'w');
	let bytes = writeSync(descriptor, '[');
	for (let index = 0; bytes < megabytes * 1e6; index++) {
		const record = { ...seed[index % seed.length], id: `evt_${index.toString(36)}` };
		bytes += writeSync(descriptor, (index === 0 ? '' : ',') + JSON.stringify(record));
	}

	writeSync(descriptor, ']');
	closeSync(descriptor);
}

async function main(): Promise<void> {
	mkdirSync(work, { recursive: true });
	if (!existsSync(input)) {
		writeJsonArray(input, 200);
	}

	if (!existsSync(join(root, 'dist', 'cli.js'))) {
		spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
	}

	const megabytes = statSync(input).size / 1e6;
	const estimate = timed([
		process.execPath,
		'dist/cli.js',
		'estimate',
		input,
		'--to',
		'csv',
		'--json',
		'--converter',
		'none',
	]);
	const pandasScript =
		'import json,sys\nimport pandas as pd\nrecords = json.load(open(sys.argv[1]))\n' +
		'pd.json_normalize(records).to_csv(sys.argv[2], index=False)\n';
	const pandas = timed([python, '-c', pandasScript, input, join(work, 'events-200MB.pandas.csv')]);
	if (!estimate || !pandas) {
		process.exitCode = 1;
		return;
	}

	const result = JSON.parse(estimate.stdout) as {
		predictedBytes: number;
		sampledBytes: number;
		elapsedMs: number;
	};
	const real = statSync(join(work, 'events-200MB.pandas.csv')).size;
	console.log(
		`Input: ${megabytes.toFixed(0)} MB JSON array; each run in its own process under /usr/bin/time.\n`,
	);
	console.log('| run | wall time | peak RSS | output / estimate |');
	console.log('| --- | ---: | ---: | --- |');
	console.log(
		`| footprint estimate --to csv (whole process) | ${estimate.seconds.toFixed(2)} s (estimator ${result.elapsedMs} ms) | ${estimate.peakMiB.toFixed(0)} MiB | predicted ${result.predictedBytes} B from ${result.sampledBytes} B read |`,
	);
	console.log(
		`| pandas json.load + json_normalize + to_csv | ${pandas.seconds.toFixed(1)} s | ${pandas.peakMiB.toFixed(0)} MiB | real ${real} B |`,
	);
	const share = (estimate.seconds / pandas.seconds) * 100;
	console.log(
		`\nEstimate time = ${share.toFixed(2)} % of pandas' (target ≤ 1 %); estimate peak RSS ${estimate.peakMiB.toFixed(0)} MiB ` +
			`(target ≤ 100 MB); prediction error against pandas' CSV ${((result.predictedBytes / real - 1) * 100).toFixed(1)} %.`,
	);
}

void main();
