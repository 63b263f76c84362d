/**
 * Cheap direct readers of Linux's /proc. Reads are synchronous on purpose: /proc files are generated
 * from kernel memory in microseconds, and one open/read/close on a reused buffer costs about 4 µs,
 * where `readFileSync` costs about 15 µs (it stats the file first). The benchmark in
 * bench/processTree.bench.ts measures the whole sample.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';

/** Where /proc is mounted; tests point readers at a fake tree in a temporary folder. */
export const DEFAULT_PROC_ROOT = '/proc';

/** The fields of `/proc/PID/stat` the monitors use. Times are in clock ticks, memory in pages. */
export interface ProcessStat {
	pid: number;
	/** The executable name (at most 15 characters); may contain spaces and parentheses. */
	comm: string;
	/** One letter: R running, S sleeping, D disk wait, Z zombie, X dead, … */
	state: string;
	ppid: number;
	utimeTicks: number;
	stimeTicks: number;
	/** CPU time of waited-for (reaped) children, recursively. */
	cutimeTicks: number;
	cstimeTicks: number;
	/** Start time after boot in clock ticks: with the pid, it identifies one process for its life. */
	startTimeTicks: number;
	rssPages: number;
}

/** Busy and total CPU time of the whole machine (all cores) since boot, in clock ticks. */
export interface MachineCpuTicks {
	busyTicks: number;
	totalTicks: number;
}

// One buffer for every read: the stat of a process is well under 1 kB, status about 1.5 kB.
const buffer = Buffer.alloc(16384);

/**
 * Reads a small file in one go. Returns undefined when it is gone (the process exited), and throws
 * on any other error so callers can tell "no such process" from "not allowed".
 */
export function readSmallFile(path: string): string | undefined {
	let fd: number;
	try {
		fd = openSync(path, 'r');
	} catch (error) {
		if (isGone(error)) {
			return undefined;
		}

		throw error;
	}

	try {
		let length = 0;
		for (;;) {
			const read = readSync(fd, buffer, length, buffer.length - length, null);
			if (read === 0 || length + read >= buffer.length) {
				length += read;
				break;
			}

			length += read;
		}

		return buffer.toString('latin1', 0, length);
	} catch (error) {
		// A process that exits between open and read makes the read fail with ESRCH.
		if (isGone(error)) {
			return undefined;
		}

		throw error;
	} finally {
		closeSync(fd);
	}
}

function isGone(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException).code;
	return code === 'ENOENT' || code === 'ESRCH' || code === 'ENOTDIR';
}

/**
 * Parses one `/proc/PID/stat` line. The comm field is wrapped in parentheses and may itself contain
 * spaces and parentheses, so the fields are counted from the *last* closing parenthesis.
 */
export function parseProcessStat(text: string): ProcessStat | undefined {
	const open = text.indexOf('(');
	const close = text.lastIndexOf(')');
	if (open < 0 || close < open) {
		return undefined;
	}

	const pid = Number(text.slice(0, open).trim());
	// After ")": field 3 (state) onwards; field n of proc(5) is rest[n - 3].
	const rest = text
		.slice(close + 2)
		.trim()
		.split(' ');
	if (!Number.isInteger(pid) || rest.length < 22) {
		return undefined;
	}

	const field = (n: number): number => Number(rest[n - 3]);
	const stat: ProcessStat = {
		pid,
		comm: text.slice(open + 1, close),
		state: rest[0],
		ppid: field(4),
		utimeTicks: field(14),
		stimeTicks: field(15),
		cutimeTicks: field(16),
		cstimeTicks: field(17),
		startTimeTicks: field(22),
		rssPages: field(24),
	};

	const numbers = [stat.ppid, stat.utimeTicks, stat.stimeTicks, stat.cutimeTicks, stat.cstimeTicks];
	if (numbers.some((n) => !Number.isFinite(n)) || !Number.isFinite(stat.startTimeTicks)) {
		return undefined;
	}

	// The kernel prints rss as a signed number; a negative value only appears in a corrupt read.
	stat.rssPages = Number.isFinite(stat.rssPages) && stat.rssPages > 0 ? stat.rssPages : 0;
	return stat;
}

/** Reads `/proc/PID/stat`; undefined when the process is gone or the line cannot be parsed. */
export function readProcessStat(
	pid: number | 'self',
	procRoot = DEFAULT_PROC_ROOT,
): ProcessStat | undefined {
	const text = readSmallFile(`${procRoot}/${pid}/stat`);
	return text === undefined ? undefined : parseProcessStat(text);
}

/**
 * Parses the aggregate `cpu` line of `/proc/stat`. Busy = user + nice + system + irq + softirq +
 * steal; idle = idle + iowait. guest and guest_nice are already inside user and nice (proc(5)), so
 * they are not added again.
 */
export function parseMachineCpu(text: string): MachineCpuTicks | undefined {
	const line = text.split('\n', 1)[0];
	const parts = line.trim().split(/\s+/);
	if (parts[0] !== 'cpu' || parts.length < 5) {
		return undefined;
	}

	const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = parts
		.slice(1)
		.map(Number);
	const busyTicks = user + nice + system + irq + softirq + steal;
	const totalTicks = busyTicks + idle + iowait;
	if (!Number.isFinite(busyTicks) || !Number.isFinite(totalTicks)) {
		return undefined;
	}

	return { busyTicks, totalTicks };
}

/** Reads the machine's busy and total CPU ticks from `/proc/stat`. */
export function readMachineCpu(procRoot = DEFAULT_PROC_ROOT): MachineCpuTicks | undefined {
	const text = readSmallFile(`${procRoot}/stat`);
	return text === undefined ? undefined : parseMachineCpu(text);
}

/** The numeric entries of /proc: every process id on the machine. */
export function listPids(procRoot = DEFAULT_PROC_ROOT): number[] {
	const pids: number[] = [];
	for (const name of readdirSync(procRoot)) {
		const first = name.charCodeAt(0);
		if (first >= 48 && first <= 57) {
			pids.push(Number(name));
		}
	}

	return pids;
}

/** Peak resident memory of one process so far (`VmHWM` in `/proc/PID/status`), in bytes. */
export function readPeakRssBytes(pid: number, procRoot = DEFAULT_PROC_ROOT): number | undefined {
	const text = readSmallFile(`${procRoot}/${pid}/status`);
	const match = text === undefined ? null : /^VmHWM:\s+(\d+) kB/m.exec(text);
	return match ? Number(match[1]) * 1024 : undefined;
}

let clockTicks: number | undefined;
let pageSize: number | undefined;

/** `getconf NAME` as a positive integer, or the fallback when it cannot be read. */
function getconf(name: string, fallback: number): number {
	if (process.platform !== 'linux') {
		return fallback;
	}

	try {
		const value = Number(execFileSync('getconf', [name], { encoding: 'utf8', timeout: 2000 }));
		return Number.isInteger(value) && value > 0 ? value : fallback;
	} catch {
		return fallback;
	}
}

/**
 * Clock ticks per second of the times in /proc (`getconf CLK_TCK`), read once. 100 is the value on
 * every mainstream Linux build and the fallback when getconf is missing.
 */
export function clockTicksPerSecond(): number {
	clockTicks ??= getconf('CLK_TCK', 100);
	return clockTicks;
}

/** Memory page size in bytes (`getconf PAGESIZE`), read once; 4096 when getconf is missing. */
export function pageSizeBytes(): number {
	pageSize ??= getconf('PAGESIZE', 4096);
	return pageSize;
}

/** CPU seconds of this process's reaped children (cutime + cstime of `/proc/self/stat`). */
export function readReapedChildrenSeconds(
	pid: number | 'self' = 'self',
	procRoot = DEFAULT_PROC_ROOT,
): number | undefined {
	const stat = readProcessStat(pid, procRoot);
	return stat === undefined
		? undefined
		: (stat.cutimeTicks + stat.cstimeTicks) / clockTicksPerSecond();
}
