/**
 * Converter cost coefficients, measured (not assumed) with `node scripts/measureConverters.mjs`:
 * real JSON → CSV runs of each converter on JSON arrays of 4, 16 and 48 MB built from the sample
 * workspace's event records (nested objects, optional fields, arrays), timed with
 * `/usr/bin/time -f '%e %M'`, then fitted by least squares: seconds = fixed + perMB × MB and
 * peak RSS = fixed + multiple × input MB. Re-run the script on another machine to re-measure.
 */

/** Converters whose cost is modelled. */
export type Converter = 'pandas' | 'node' | 'miller' | 'jq';

/** One measured run. */
export interface ConverterRun {
	inputBytes: number;
	seconds: number;
	peakRssBytes: number;
}

/** Fitted cost of one converter. */
export interface ConverterCoefficients {
	/** The command line measured, in words. */
	command: string;
	fixedSeconds: number;
	secondsPerMB: number;
	fixedRssMiB: number;
	rssMiBPerMB: number;
	/** Largest relative gap between the fit and a measured run (time or memory). */
	maxRelativeResidual: number;
	runs: ConverterRun[];
}

/** The machine the coefficients were measured on. */
export const COEFFICIENTS_MACHINE = {
	measuredAt: '2026-12-03',
	cpuModel: 'Intel(R) Xeon(R) Processor (virtual machine)',
	logicalCores: 2,
	memoryGiB: 24,
	note: 'shared 2-core VM under other load; single-threaded converters',
};

/** Measured coefficients per converter (see the file comment for how). */
export const CONVERTER_COEFFICIENTS: Record<Converter, ConverterCoefficients> = {
	pandas: {
		command: 'pandas 1.5.3 (python3): json.load, pd.json_normalize, to_csv',
		fixedSeconds: 0.314,
		secondsPerMB: 0.2369,
		fixedRssMiB: 64.6,
		rssMiBPerMB: 10.854,
		maxRelativeResidual: 0.196,
		runs: [
			{ inputBytes: 4000036, seconds: 1.57, peakRssBytes: 113000448 },
			{ inputBytes: 16000089, seconds: 3.68, peakRssBytes: 250183680 },
			{ inputBytes: 48000187, seconds: 11.8, peakRssBytes: 613933056 },
		],
	},
	node: {
		command: 'Node.js 20, JSON.parse then @json2csv/plainjs 7 with its flatten transform',
		fixedSeconds: 0,
		secondsPerMB: 0.4029,
		fixedRssMiB: 84.3,
		rssMiBPerMB: 7.191,
		maxRelativeResidual: 0.67,
		runs: [
			{ inputBytes: 4000036, seconds: 1.37, peakRssBytes: 116543488 },
			{ inputBytes: 16000089, seconds: 3.86, peakRssBytes: 211791872 },
			{ inputBytes: 48000187, seconds: 18.48, peakRssBytes: 449556480 },
		],
	},
	miller: {
		command: 'Miller 6.6: mlr --ijson --ocsv flatten then unsparsify',
		fixedSeconds: 0,
		secondsPerMB: 1.3365,
		fixedRssMiB: 52.8,
		rssMiBPerMB: 50.485,
		maxRelativeResidual: 1.874,
		runs: [
			{ inputBytes: 4000036, seconds: 1.86, peakRssBytes: 255107072 },
			{ inputBytes: 16000089, seconds: 8.72, peakRssBytes: 918867968 },
			{ inputBytes: 48000187, seconds: 58.25, peakRssBytes: 2591846400 },
		],
	},
	jq: {
		command: 'jq 1.6: flatten paths, union of keys, @csv',
		fixedSeconds: 0,
		secondsPerMB: 4.4915,
		fixedRssMiB: 9.6,
		rssMiBPerMB: 18.885,
		maxRelativeResidual: 0.163,
		runs: [
			{ inputBytes: 4000036, seconds: 15.53, peakRssBytes: 82231296 },
			{ inputBytes: 16000089, seconds: 61.81, peakRssBytes: 336703488 },
			{ inputBytes: 48000187, seconds: 211.15, peakRssBytes: 957972480 },
		],
	},
};
