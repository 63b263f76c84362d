// Detection speed: milliseconds per 1,000 lines of source on generated files that look like real
// scripts in each language (imports, functions, comments, strings, loops, a conversion now and then).
// Target: ≤ 2 ms per 1,000 lines. Prints a markdown table. The detectors are measured as they ship:
// bundled and minified by esbuild like dist/extension.js, not compiled file by file by the test
// loader (which turns imported const enums into property reads and wraps closures).
import { buildSync } from 'esbuild';
import { mkdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as Detect from '../src/detect/detect';
import type { DetectLanguage } from '../src/detect/finding';

const bundle = join(__dirname, '..', '.bench', 'detect.bundle.js');
mkdirSync(join(__dirname, '..', '.bench'), { recursive: true });
buildSync({
	entryPoints: [join(__dirname, '..', 'src', 'detect', 'detect.ts')],
	outfile: bundle,
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	minify: true,
	logLevel: 'error',
});
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { detectConversions } = require(bundle) as typeof Detect;

const TARGET_MS_PER_1000_LINES = 2;
const LINES = 20_000;
const RUNS = 15;

// Every tenth block converts when true; realistic files mostly hold no conversion at all.
let converting = true;

function pythonBlock(n: number): string {
	return `
def load_${n}(path="data/part_${n}.json"):
    """Loads part ${n}; see read_json('x.json').to_csv('y.csv') in the docs."""
    # pandas does the heavy lifting here
    frame_${n} = pd.read_json(path)
    frame_${n} = frame_${n}[frame_${n}["value"] > ${n % 7}]
    totals = {key: sum(row["value"] for row in rows_${n % 5}) for key in ("a", "b", "c")}
    label = f"part {n} has {{len(frame_${n})}} rows"
    for index, row in enumerate(frame_${n}.itertuples()):
        if index % 100 == 0:
            logger.info("row %s: %s", index, row)
    ${converting && n % 10 === 0 ? `frame_${n}.to_csv("out/part_${n}.csv", index=False)` : 'pass'}
    return frame_${n}, totals, label
`;
}

function javascriptBlock(n: number): string {
	return `
/** Reads part ${n}. Not a conversion: parse(data) in a comment. */
export async function loadPart${n}(options = {}) {
	// the raw file
	const raw${n} = await readFile(path.join(__dirname, 'data', 'part_${n}.json'), 'utf8');
	const items${n} = JSON.parse(raw${n});
	const pattern = /part_(\\d+)\\.json$/;
	const label = \`part ${n} has \${items${n}.length} items\`;
	const totals = items${n}.filter((item) => item.value > ${n % 7}).map((item) => ({ ...item, part: ${n} }));
	for (const item of totals) {
		if (item.flag) { console.log('flagged', item.id, label, pattern.test(item.file)); }
	}
	${converting && n % 10 === 0 ? `await writeFile('out/part_${n}.csv', parse(items${n}));` : 'void 0;'}
	return { totals, label };
}
`;
}

function shellBlock(n: number): string {
	return `
# step ${n}: fetch and summarise
for file in data/part_${n}_*.json; do
  echo "processing $file (jq -r '.[] | @csv' would convert it)"
  jq '.[] | .id' "$file" >> ids_${n}.txt
done
count=$(wc -l < ids_${n}.txt)
if [ "$count" -gt ${n % 50} ]; then
  sort -u ids_${n}.txt | head -n 10 > top_${n}.txt
fi
${converting && n % 10 === 0 ? `mlr --ijson --ocsv cat data/part_${n}.json > out/part_${n}.csv` : 'true'}
`;
}

function rBlock(n: number): string {
	return `
# part ${n}
load_${n} <- function(path = "data/part_${n}.json") {
  events_${n} <- jsonlite::fromJSON(path, flatten = TRUE)
  kept <- events_${n}[events_${n}$value > ${n % 7}, ]
  msg <- sprintf("part %d has %d rows; write.csv(x) is in a string", ${n}, nrow(kept))
  for (i in seq_len(nrow(kept))) {
    if (i %% 100 == 0) message(msg)
  }
  ${converting && n % 10 === 0 ? `write.csv(kept, "out/part_${n}.csv", row.names = FALSE)` : 'invisible(NULL)'}
  kept
}
`;
}

function generate(block: (n: number) => string): string {
	let source = '';
	let n = 0;
	while (source.split('\n').length < LINES) {
		source += block(n++);
	}

	return source;
}

function notebook(): string {
	const cells = [];
	let lines = 0;
	for (let n = 0; lines < LINES; n++) {
		const source = pythonBlock(n);
		lines += source.split('\n').length;
		cells.push({
			cell_type: 'code',
			metadata: {},
			outputs: [],
			execution_count: n,
			source: source.split(/(?<=\n)/),
		});
		if (n % 3 === 0) {
			cells.push({
				cell_type: 'markdown',
				metadata: {},
				source: [`## Part ${n}\n`, 'Notes about the data.\n'],
			});
		}
	}

	return JSON.stringify(
		{ cells, metadata: { kernelspec: { language: 'python' } }, nbformat: 4, nbformat_minor: 5 },
		null,
		1,
	);
}

function sources(): Array<[string, DetectLanguage, string]> {
	return [
		['Python', 'python', 'import pandas as pd\nimport logging\n' + generate(pythonBlock)],
		['JavaScript', 'javascript', "import { parse } from 'json2csv';\n" + generate(javascriptBlock)],
		[
			'TypeScript',
			'typescript',
			"import { parse } from 'json2csv';\n" +
				generate(javascriptBlock).replace(/options = \{\}/g, 'options: Options = {}'),
		],
		['shell', 'shellscript', '#!/bin/bash\n' + generate(shellBlock)],
		['R', 'r', 'library(jsonlite)\n' + generate(rBlock)],
		['Jupyter', 'jupyter', notebook()],
	];
}

/** CPU time of one call in ms (user + system), which the other processes on a shared machine do not inflate. */
function cpuMs(action: () => void): number {
	const before = process.cpuUsage();
	action();
	const used = process.cpuUsage(before);
	return (used.user + used.system) / 1000;
}

console.log(
	`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, Node ${process.version}, load average ${loadavg()[0].toFixed(1)}\n`,
);
// A yardstick for the machine's speed at the time of the run: JSON.parse throughput on a real file. On an
// idle 2020s desktop it is typically 300-500 MB/s; a shared, loaded VM reads lower, and every figure
// below scales with it.
const yardstick = readFileSync(
	join(__dirname, '..', 'test', 'fixtures', 'datasets', 'admin2.json'),
	'utf8',
);
const parseMs: number[] = [];
for (let run = 0; run < 7; run++) {
	parseMs.push(cpuMs(() => JSON.parse(yardstick)));
}

parseMs.sort((a, b) => a - b);
console.log(
	`Yardstick: JSON.parse of a ${(yardstick.length / 1e6).toFixed(1)} MB file at ${(yardstick.length / 1e3 / parseMs[3]).toFixed(0)} MB/s CPU time\n`,
);
console.log(
	'| language | file | lines | findings | median CPU ms | median wall ms | CPU ms per 1,000 lines | target | within |',
);
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const withConversions of [true, false]) {
	converting = withConversions;
	for (const [name, language, source] of sources()) {
		const lineCount = language === 'jupyter' ? LINES : source.split('\n').length;
		let findings = 0;
		// Two warm-up runs let the JIT settle, as it would after the first scan in an editor session.
		for (let run = 0; run < 2; run++) {
			findings = detectConversions(source, language).findings.length;
		}

		const cpu: number[] = [];
		const wall: number[] = [];
		for (let run = 0; run < RUNS; run++) {
			const start = performance.now();
			cpu.push(cpuMs(() => detectConversions(source, language)));
			wall.push(performance.now() - start);
		}

		const median = (values: number[]) =>
			values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
		const perThousand = (median(cpu) / lineCount) * 1000;
		console.log(
			`| ${name} | ${withConversions ? 'a conversion every ~130 lines' : 'no conversion'} | ${lineCount.toLocaleString('en')} | ${findings} | ${median(cpu).toFixed(1)} | ${median(wall).toFixed(1)} | ${perThousand.toFixed(2)} | ≤ ${TARGET_MS_PER_1000_LINES} | ${perThousand <= TARGET_MS_PER_1000_LINES ? 'yes' : 'no'} |`,
		);
	}
}
