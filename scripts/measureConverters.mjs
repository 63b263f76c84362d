// Measures what common JSON → CSV converters cost on this machine: wall time and peak RSS of real
// runs (/usr/bin/time -f '%e %M') on JSON arrays of several sizes, then fits
// seconds = fixed + perMB·MB and peakRss = fixed + multiple·input by least squares. The result is
// printed as JSON (and written to .bench/converterCoefficients.json) so it can be copied into
// src/estimators/conversion/converterCoefficients.ts together with the machine it ran on.
//
// Usage: node scripts/measureConverters.mjs [sizeMB ...]   (default 4 16 48)
// Needs: python3-pandas, miller, jq, time (apt-get install -y python3-pandas miller jq time).
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, '.bench', 'converters');
mkdirSync(work, { recursive: true });
const sizes = process.argv
	.slice(2)
	.map(Number)
	.filter((size) => size > 0);
if (sizes.length === 0) {
	sizes.push(4, 16, 48);
}

/** Real records (the sample workspace's events: nested, optional fields) repeated with new ids. */
export function writeJsonArray(file, megabytes) {
	const seed = JSON.parse(readFileSync(join(root, 'sample', 'data', 'events.json'), 'utf8'));
	const target = megabytes * 1e6;
	const parts = ['['];
	let bytes = 1;
	let index = 0;
	while (bytes < target) {
		const record = { ...seed[index % seed.length], id: `evt_${index.toString(36)}` };
		const text = (index === 0 ? '' : ',') + JSON.stringify(record);
		parts.push(text);
		bytes += Buffer.byteLength(text);
		index++;
	}

	parts.push(']');
	writeFileSync(file, parts.join(''));
	return index;
}

const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const pandasScript =
	'import json,sys\nimport pandas as pd\n' +
	'with open(sys.argv[1]) as f: records = json.load(f)\n' +
	'pd.json_normalize(records).to_csv(sys.argv[2], index=False)\n';
const nodeScript =
	"const fs=require('fs');const {Parser}=require('@json2csv/plainjs');const {flatten}=require('@json2csv/transforms');" +
	"const d=JSON.parse(fs.readFileSync(process.argv[1],'utf8'));const keys=[...new Set(d.flatMap(r=>Object.keys(flatten({separator:'.',arrays:false})(r))))];" +
	"fs.writeFileSync(process.argv[2],new Parser({fields:keys,transforms:[flatten({separator:'.',arrays:false})]}).parse(d));";
const jqFilter =
	'[.[] | [paths(scalars) as $p | {key: ($p | map(tostring) | join(".")), value: getpath($p)}] | from_entries]' +
	' | (map(keys_unsorted) | add | unique) as $k | ($k | @csv), (.[] | [.[$k[]]] | @csv)';

/** The converters and the command lines that run them (input, output). */
export const converters = {
	pandas: (input, output) => [python, '-c', pandasScript, input, output],
	node: (input, output) => [process.execPath, '-e', nodeScript, input, output],
	miller: (input, output) => [
		'sh',
		'-c',
		`mlr --ijson --ocsv flatten then unsparsify "${input}" > "${output}"`,
	],
	jq: (input, output) => ['sh', '-c', `jq -r '${jqFilter}' "${input}" > "${output}"`],
};

/** Runs one command under /usr/bin/time; returns seconds and peak RSS bytes, or undefined. */
export function timed(command) {
	const result = spawnSync('/usr/bin/time', ['-f', '%e %M', ...command], {
		cwd: root,
		encoding: 'utf8',
		maxBuffer: 1 << 26,
	});
	const line = result.stderr.trim().split('\n').pop() ?? '';
	const match = /^([\d.]+) (\d+)$/.exec(line);
	if (result.status !== 0 || !match) {
		return undefined;
	}

	return { seconds: Number(match[1]), peakRssBytes: Number(match[2]) * 1024 };
}

function fit(points) {
	const n = points.length;
	const mx = points.reduce((s, [x]) => s + x, 0) / n;
	const my = points.reduce((s, [, y]) => s + y, 0) / n;
	const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
	const slope = sxx > 0 ? points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx : 0;
	const intercept = Math.max(0, my - slope * mx);
	const residuals = points.map(
		([x, y]) => Math.abs(y - (intercept + slope * x)) / Math.max(y, 1e-9),
	);
	return { intercept, slope, maxRelativeResidual: Math.max(...residuals) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const runs = {};
	for (const size of sizes) {
		const input = join(work, `events-${size}MB.json`);
		if (!existsSync(input)) {
			writeJsonArray(input, size);
		}

		const inputBytes = statSync(input).size;
		for (const [name, command] of Object.entries(converters)) {
			const measured = timed(command(input, join(work, `out-${name}.csv`)));
			if (!measured) {
				console.error(`${name}: failed or missing on this machine; skipped`);
				continue;
			}

			console.error(
				`${name} ${(inputBytes / 1e6).toFixed(1)} MB: ${measured.seconds} s, ${(measured.peakRssBytes / 1048576).toFixed(0)} MiB`,
			);
			(runs[name] ??= []).push({ inputBytes, ...measured });
		}
	}

	const coefficients = {};
	for (const [name, points] of Object.entries(runs)) {
		const time = fit(points.map((p) => [p.inputBytes / 1e6, p.seconds]));
		const memory = fit(points.map((p) => [p.inputBytes / 1e6, p.peakRssBytes / 1048576]));
		coefficients[name] = {
			fixedSeconds: Number(time.intercept.toFixed(3)),
			secondsPerMB: Number(time.slope.toFixed(4)),
			fixedRssMiB: Number(memory.intercept.toFixed(1)),
			rssMiBPerMB: Number(memory.slope.toFixed(3)),
			maxRelativeResidual: Number(
				Math.max(time.maxRelativeResidual, memory.maxRelativeResidual).toFixed(3),
			),
			runs: points,
		};
	}

	const cpuModel = cpus()[0]?.model ?? 'unknown';
	const report = {
		measuredAt: new Date().toISOString().slice(0, 10),
		machine: {
			cpuModel,
			logicalCores: cpus().length,
			memoryGiB: Math.round(totalmem() / 1073741824),
		},
		coefficients,
	};
	writeFileSync(
		join(root, '.bench', 'converterCoefficients.json'),
		JSON.stringify(report, null, 2),
	);
	console.log(JSON.stringify(report, null, 2));
}
