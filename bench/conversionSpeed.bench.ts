// On a ≈200 MB JSON array (real event records repeated with new ids, generated into .bench/): the
// estimate's time and peak memory against a full pandas conversion, each in its own child process
// measured by /usr/bin/time. Targets: estimate ≤ 1 % of pandas' time, ≤ 100 MB peak RSS.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureEventsJson, eventsJson as input, root, timeCommand, work } from './benchFiles';

const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

function timed(
	command: string[],
): { seconds: number; peakMiB: number; stdout: string } | undefined {
	const run = timeCommand(command);
	if (!run.ok) {
		console.log(`failed: ${command.join(' ')}\n${run.stderr.slice(-500)}`);
		return undefined;
	}

	return run;
}

async function main(): Promise<void> {
	ensureEventsJson();

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
