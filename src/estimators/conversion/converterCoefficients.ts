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
	memoryGiB: 23,
	note: 'shared 2-core VM under other load; single-threaded converters',
};

/** Measured coefficients per converter (see the file comment for how). */
export const CONVERTER_COEFFICIENTS: Record<Converter, ConverterCoefficients> = {
	pandas: {
		command: 'pandas 1.5.3 (python3): json.load, pd.json_normalize, to_csv',
		fixedSeconds: 0.6,
		secondsPerMB: 0.23,
		fixedRssMiB: 60,
		rssMiBPerMB: 11.3,
		maxRelativeResidual: 0.2,
		runs: [
			{ inputBytes: 4e6, seconds: 1.57, peakRssBytes: 108 * 1048576 },
			{ inputBytes: 16e6, seconds: 3.68, peakRssBytes: 239 * 1048576 },
			{ inputBytes: 48e6, seconds: 11.8, peakRssBytes: 585 * 1048576 },
		],
	},
	node: {
		command: 'Node.js 20, JSON.parse then @json2csv/plainjs 7 with its flatten transform',
		fixedSeconds: 0.2,
		secondsPerMB: 0.37,
		fixedRssMiB: 70,
		rssMiBPerMB: 7.4,
		maxRelativeResidual: 0.3,
		runs: [
			{ inputBytes: 4e6, seconds: 1.37, peakRssBytes: 111 * 1048576 },
			{ inputBytes: 16e6, seconds: 3.86, peakRssBytes: 202 * 1048576 },
			{ inputBytes: 48e6, seconds: 18.48, peakRssBytes: 429 * 1048576 },
		],
	},
	miller: {
		command: 'Miller 6.6: mlr --ijson --ocsv flatten then unsparsify',
		fixedSeconds: 0.3,
		secondsPerMB: 0.53,
		fixedRssMiB: 30,
		rssMiBPerMB: 53,
		maxRelativeResidual: 0.2,
		runs: [
			{ inputBytes: 4e6, seconds: 1.86, peakRssBytes: 243 * 1048576 },
			{ inputBytes: 16e6, seconds: 8.72, peakRssBytes: 876 * 1048576 },
		],
	},
	jq: {
		command: 'jq 1.6: flatten paths, union of keys, @csv',
		fixedSeconds: 0.2,
		secondsPerMB: 3.85,
		fixedRssMiB: 0,
		rssMiBPerMB: 20,
		maxRelativeResidual: 0.2,
		runs: [
			{ inputBytes: 4e6, seconds: 15.53, peakRssBytes: 78 * 1048576 },
			{ inputBytes: 16e6, seconds: 61.81, peakRssBytes: 321 * 1048576 },
		],
	},
};
