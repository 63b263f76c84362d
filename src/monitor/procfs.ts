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
 * Reads a small file into the shared buffer and returns how many bytes it holds. Returns undefined
 * when it is gone (the process exited), and throws on any other error so callers can tell "no such
 * process" from "not allowed".
 */
function readIntoBuffer(path: string): number | undefined {
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
			length += read;
			if (read === 0 || length >= buffer.length) {
				return length;
			}
		}
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

/** Reads a small file as text (see readIntoBuffer for undefined and errors). */
export function readSmallFile(path: string): string | undefined {
	const length = readIntoBuffer(path);
	return length === undefined ? undefined : buffer.toString('latin1', 0, length);
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
	const bytes = Buffer.from(text, 'latin1');
	return parseProcessStatBytes(bytes, bytes.length);
}

/**
 * The same from raw bytes, without building strings for the fields: a sample parses one line per
 * process of the tree, and splitting each into fifty strings cost as much as reading it.
 */
function parseProcessStatBytes(
	bytes: Buffer,
	length: number,
	into?: ProcessStat,
): ProcessStat | undefined {
	if (!scanProcessStat(bytes, length)) {
		return undefined;
	}

	// Kept apart from the scan so that the optimised scan never depends on which of the two is
	// used (a branch first seen after optimisation made V8 compile the scan a second time).
	return into === undefined ? newProcessStat(bytes) : fillProcessStat(bytes, into);
}

/** Where the last scan found the fields: the pid, the comm's bounds, the state letter. */
const scanned = { pid: 0, open: 0, close: 0, state: 0 };

/** Scans one stat line into `scanned` and `statFields`; false when it is malformed. */
function scanProcessStat(bytes: Buffer, length: number): boolean {
	let position = 0;
	let pid = 0;
	while (position < length && bytes[position] >= 48 && bytes[position] <= 57) {
		pid = pid * 10 + bytes[position] - 48;
		position++;
	}

	if (position === 0 || bytes[position] !== 32 || bytes[position + 1] !== 40) {
		return false;
	}

	const open = position + 1;
	let close = length - 1;
	while (close > open && bytes[close] !== 41) {
		close--;
	}

	if (close <= open || close + 3 >= length) {
		return false;
	}

	// Fields 4 (ppid) to 24 (rss) of proc(5), as signed integers.
	const values = statFields;
	position = close + 4;
	for (let field = 4; field <= 24; field++) {
		const negative = bytes[position] === 45;
		if (negative) {
			position++;
		}

		let value = 0;
		const start = position;
		while (position < length && bytes[position] >= 48 && bytes[position] <= 57) {
			value = value * 10 + bytes[position] - 48;
			position++;
		}

		if (position === start || (field < 24 && bytes[position] !== 32)) {
			return false;
		}

		values[field] = negative ? -value : value;
		position++;
	}

	scanned.pid = pid;
	scanned.open = open;
	scanned.close = close;
	scanned.state = bytes[close + 2];
	return true;
}

function newProcessStat(bytes: Buffer): ProcessStat {
	const values = statFields;
	return {
		pid: scanned.pid,
		comm: bytes.toString('latin1', scanned.open + 1, scanned.close),
		state: String.fromCharCode(scanned.state),
		ppid: values[4],
		utimeTicks: values[14],
		stimeTicks: values[15],
		cutimeTicks: values[16],
		cstimeTicks: values[17],
		startTimeTicks: values[22],
		// The kernel prints rss as a signed number; a negative value only appears in a corrupt read.
		rssPages: Math.max(0, values[24]),
	};
}

/**
 * Re-reading a known process: fills the caller's object, and keeps its strings when the bytes are
 * the same, so a sample of an idle tree allocates next to nothing.
 */
function fillProcessStat(bytes: Buffer, into: ProcessStat): ProcessStat {
	const values = statFields;
	if (!sameLatin1(into.comm, bytes, scanned.open + 1, scanned.close)) {
		into.comm = bytes.toString('latin1', scanned.open + 1, scanned.close);
	}

	if (into.state.length !== 1 || into.state.charCodeAt(0) !== scanned.state) {
		into.state = String.fromCharCode(scanned.state);
	}

	into.pid = scanned.pid;
	into.ppid = values[4];
	into.utimeTicks = values[14];
	into.stimeTicks = values[15];
	into.cutimeTicks = values[16];
	into.cstimeTicks = values[17];
	into.startTimeTicks = values[22];
	into.rssPages = Math.max(0, values[24]);
	return into;
}

const statFields: number[] = new Array<number>(25).fill(0);

/** Whether `text` is exactly the latin1 bytes from `start` to `end`. */
function sameLatin1(text: string, bytes: Buffer, start: number, end: number): boolean {
	if (text.length !== end - start) {
		return false;
	}

	for (let index = 0; index < text.length; index++) {
		if (text.charCodeAt(index) !== bytes[start + index]) {
			return false;
		}
	}

	return true;
}

/** Reads `/proc/PID/stat`; undefined when the process is gone or the line cannot be parsed. */
export function readProcessStat(
	pid: number | 'self',
	procRoot = DEFAULT_PROC_ROOT,
): ProcessStat | undefined {
	const length = readIntoBuffer(`${procRoot}/${pid}/stat`);
	return length === undefined ? undefined : parseProcessStatBytes(buffer, length);
}

/**
 * Keeps `/proc/PID/stat` open for processes read at every sample, so a sample costs one read per
 * process instead of open + read + close (opening is the most expensive of the three). An open file
 * stays tied to its process: once that process is reaped, reading it fails with ESRCH even if the
 * pid number has been given to a new process, which is a second guard against pid reuse.
 */
export class StatFiles {
	private readonly open = new Map<number, number>();

	constructor(
		private readonly procRoot = DEFAULT_PROC_ROOT,
		/** At most this many files are kept open; beyond it each read opens and closes. */
		private readonly maxOpen = 512,
	) {}

	/**
	 * Reads a process's stat; with `keep`, leaves the file open for the next read. With `into`,
	 * fills and returns that object instead of a new one (valid until the caller's next read).
	 */
	read(pid: number, keep: boolean, into?: ProcessStat): ProcessStat | undefined {
		const cached = this.open.get(pid);
		if (cached !== undefined) {
			try {
				const length = readSync(cached, buffer, 0, buffer.length, 0);
				return parseProcessStatBytes(buffer, length, into);
			} catch (error) {
				this.release(pid);
				if (isGone(error)) {
					return undefined;
				}

				throw error;
			}
		}

		if (!keep || this.open.size >= this.maxOpen) {
			return readProcessStat(pid, this.procRoot);
		}

		let fd: number;
		try {
			fd = openSync(`${this.procRoot}/${pid}/stat`, 'r');
		} catch (error) {
			if (isGone(error)) {
				return undefined;
			}

			throw error;
		}

		this.open.set(pid, fd);
		return this.read(pid, true, into);
	}

	/** Closes the file kept for this pid, if any. */
	release(pid: number): void {
		const fd = this.open.get(pid);
		if (fd !== undefined) {
			this.open.delete(pid);
			closeSync(fd);
		}
	}

	/** Closes every kept file. */
	releaseAll(): void {
		for (const pid of [...this.open.keys()]) {
			this.release(pid);
		}
	}

	/** How many files are open now. */
	get openCount(): number {
		return this.open.size;
	}
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

/**
 * The same from raw bytes of `/proc/stat`: only the first line is parsed, without building the
 * file's text (a few kB) as a string at each read.
 */
export function parseMachineCpuBytes(bytes: Buffer, length: number): MachineCpuTicks | undefined {
	// "cpu" then at least one space: the aggregate line, not "cpu0".
	if (length < 4 || bytes[0] !== 99 || bytes[1] !== 112 || bytes[2] !== 117 || bytes[3] !== 32) {
		return undefined;
	}

	// user nice system idle iowait irq softirq steal; missing trailing fields count as 0.
	const values = cpuFields;
	values.fill(0);
	let count = 0;
	let position = 3;
	while (count < values.length) {
		while (position < length && bytes[position] === 32) {
			position++;
		}

		const start = position;
		let value = 0;
		while (position < length && bytes[position] >= 48 && bytes[position] <= 57) {
			value = value * 10 + bytes[position] - 48;
			position++;
		}

		if (position === start) {
			break;
		}

		values[count++] = value;
		if (position >= length || bytes[position] === 10) {
			break;
		}

		if (bytes[position] !== 32) {
			return undefined;
		}
	}

	if (count < 4) {
		return undefined;
	}

	const [user, nice, system, idle, iowait, irq, softirq, steal] = values;
	const busyTicks = user + nice + system + irq + softirq + steal;
	return { busyTicks, totalTicks: busyTicks + idle + iowait };
}

const cpuFields: number[] = new Array<number>(8).fill(0);

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

/**
 * The most recently allocated process id, the last field of `/proc/loadavg`. Ids are handed out in
 * increasing order (wrapping at pid_max), so comparing two readings tells which ids are new.
 */
export function readLastPid(procRoot = DEFAULT_PROC_ROOT): number | undefined {
	let text: string | undefined;
	try {
		text = readSmallFile(`${procRoot}/loadavg`);
	} catch {
		return undefined;
	}

	return parseLastPid(text);
}

/** The last field of `/proc/loadavg` from raw bytes, without building the line as a string. */
export function parseLastPidBytes(bytes: Buffer, length: number): number | undefined {
	let end = length;
	while (end > 0 && (bytes[end - 1] === 10 || bytes[end - 1] === 32)) {
		end--;
	}

	let start = end;
	while (start > 0 && bytes[start - 1] >= 48 && bytes[start - 1] <= 57) {
		start--;
	}

	if (start === end || (start > 0 && bytes[start - 1] !== 32)) {
		return undefined;
	}

	let value = 0;
	for (let position = start; position < end; position++) {
		value = value * 10 + bytes[position] - 48;
	}

	return value > 0 ? value : undefined;
}

/** The last field of a `/proc/loadavg` line as a pid. */
export function parseLastPid(text: string | undefined): number | undefined {
	const value = Number(text?.trim().split(' ').pop());
	return Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * A /proc file kept open and re-read from its start at each call: one system call per read where
 * opening anew costs three. For files read at every sample (`loadavg`, `stat`).
 */
export class KeptFile {
	private fd: number | undefined;

	constructor(private readonly path: string) {}

	/** The file's text now; undefined when it cannot be read (it is reopened on the next call). */
	read(): string | undefined {
		try {
			this.fd ??= openSync(this.path, 'r');
			const length = readSync(this.fd, buffer, 0, buffer.length, 0);
			return buffer.toString('latin1', 0, length);
		} catch {
			this.close();
			return undefined;
		}
	}

	/**
	 * Parses the file's bytes now with `parse` (no string built); undefined when it cannot be read.
	 * The bytes are only valid during the call.
	 */
	parse<T>(parse: (bytes: Buffer, length: number) => T | undefined): T | undefined {
		let length: number;
		try {
			this.fd ??= openSync(this.path, 'r');
			length = readSync(this.fd, buffer, 0, buffer.length, 0);
		} catch {
			this.close();
			return undefined;
		}

		return parse(buffer, length);
	}

	close(): void {
		if (this.fd !== undefined) {
			const fd = this.fd;
			this.fd = undefined;
			try {
				closeSync(fd);
			} catch {
				// Already closed.
			}
		}
	}
}

/** The largest process id plus one (`/proc/sys/kernel/pid_max`), where ids wrap around. */
export function readPidMax(procRoot = DEFAULT_PROC_ROOT): number | undefined {
	try {
		const value = Number(readSmallFile(`${procRoot}/sys/kernel/pid_max`)?.trim());
		return Number.isInteger(value) && value > 0 ? value : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The thread group (process) a task id belongs to, from `Tgid:` in `/proc/ID/status`. /proc
 * answers for a thread id too, though it does not list it; for a process the result is its own id.
 */
export function readThreadGroupId(id: number, procRoot = DEFAULT_PROC_ROOT): number | undefined {
	let text: string | undefined;
	try {
		text = readSmallFile(`${procRoot}/${id}/status`);
	} catch {
		return undefined;
	}

	const match = text === undefined ? null : /^Tgid:\s+(\d+)/m.exec(text);
	return match ? Number(match[1]) : undefined;
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
