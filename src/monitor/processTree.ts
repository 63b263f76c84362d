/**
 * CPU time and memory of one process tree on Linux, read straight from /proc.
 *
 * A task's CPU time is the sum, over the processes of its tree that are alive now, of their own time
 * (utime + stime) and the time of their reaped children (cutime + cstime): a child that was born and
 * reaped between two samples never shows up itself, but its time has moved into its parent's cutime.
 * When a process of the tree disappears, its time either moved into a parent that is still in the
 * tree (nothing to do) or left the tree (it was the root, reaped by someone outside, or an orphan
 * reaped by init): then the last figure seen for it is kept, so nothing is lost up to that sample.
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { TreeSample } from '../core/measurement';
import {
	DEFAULT_PROC_ROOT,
	clockTicksPerSecond,
	listPids,
	pageSizeBytes,
	KeptFile,
	parseLastPidBytes,
	readPeakRssBytes,
	readPidMax,
	readThreadGroupId,
	StatFiles,
	type ProcessStat,
} from './procfs';

/** Options of {@link ProcessTreeReader}; every default reads the real machine. */
export interface ProcessTreeOptions {
	/** Where /proc is mounted (a fake tree in tests). */
	procRoot?: string;
	/** Clock ticks per second of /proc times; default `getconf CLK_TCK`. */
	clockTicks?: number;
	/** Page size in bytes for rss; default `getconf PAGESIZE`. */
	pageSize?: number;
	/**
	 * Every this many samples, re-read the stat of every process on the machine instead of only new
	 * process ids (see the Limitation in `sample`). Default 16.
	 */
	fullScanEvery?: number;
	/**
	 * Watch this process's *other* children (not the root): count those that exit, so a caller
	 * reading this process's cutime can tell whether a sibling inflated it.
	 */
	siblingsOfParent?: number;
	/** Monotonic clock in milliseconds; injectable for tests. */
	now?: () => number;
}

/** The processes a sampler is reading (for a live view or a test). */
export interface TreeMember {
	pid: number;
	ppid: number;
	comm: string;
	cpuSeconds: number;
	rssBytes: number;
}

/** Something that samples a process tree: {@link ProcessTreeReader} on Linux, a library elsewhere. */
export interface TreeSampler {
	/** Samples the tree; `full` reads every process now (the last sample of a task). */
	sample(options?: { full?: boolean }): TreeSample | Promise<TreeSample>;
	readonly peakRssBytes: number;
	readonly averageRssBytes: number;
	/** CPU seconds that left the tree through the root's exit, as last seen (see TaskMeter). */
	readonly rootChainDepartedSeconds: number;
	/** True once the root is gone from the process table (reaped), not merely a zombie. */
	readonly rootReaped: boolean;
	/** True while the root is in the process table (running or a zombie not yet reaped). */
	readonly rootPresent: boolean;
	/** How many other children of the root's parent were seen to exit, where watched. */
	readonly siblingExits?: number;
	/** Releases what the sampler holds (open files); sampling again is still allowed. */
	dispose?(): void;
}

interface Member {
	pid: number;
	startTime: number;
	ppid: number;
	comm: string;
	/** utime + stime + cutime + cstime, never decreasing (a zombie may report less). */
	totalTicks: number;
	rssPages: number;
	state: string;
	/** cutime + cstime: when it grows, this process has just reaped a child. */
	reapedTicks: number;
	/** Samples in a row at which its CPU time had not moved. */
	idleSamples: number;
	/** The sample number at which it is read next (idle members are read less often). */
	nextReadAt: number;
	/** The sample number at which it was last read. */
	readAt: number;
	/** Its resident pages when its high-water mark was last read (-1: never). */
	peakCheckedRssPages: number;
}

/** An idle process is read at least every this many samples. */
const MAX_IDLE_SKIP = 8;

/** Up to this many new pids since the last sample are read one by one instead of listing /proc. */
const RANGE_PROBE_MAX = 96;

/** /proc is listed at least every this many samples, to forget processes that have exited. */
const LIST_EVERY = 16;

/** Samples the CPU time and resident memory of a process and all its descendants on Linux. */
export class ProcessTreeReader implements TreeSampler {
	private readonly procRoot: string;
	private readonly clockTicks: number;
	private readonly pageSize: number;
	private readonly fullScanEvery: number;
	private readonly now: () => number;
	private readonly siblingsOfParent: number | undefined;
	private readonly files: StatFiles;
	private readonly loadavg: KeptFile;
	private readonly pidMax: number | undefined;
	/** The last allocated pid at the previous sample. */
	private lastPid: number | undefined;
	private previousLastPid: number | undefined;
	private reapedThisSample = false;
	/** Live members by pid. */
	private members = new Map<number, Member>();
	/** Processes outside the tree by pid → their parent pid, from the first read of each. */
	private others = new Map<number, number>();
	private departedTicks = 0;
	private rootDepartedTicks = 0;
	private sampleCount = 0;
	private rootStartTime: number | undefined;
	private rootGone = false;
	private siblingExitCount = 0;
	/**
	 * The root's siblings (other children of `siblingsOfParent`) by pid → start time, kept open and
	 * read at every sample: one that has gone is counted at once, without listing /proc.
	 */
	private readonly siblings = new Map<number, number>();
	private peakRss = 0;
	private peakSingleRss = 0;
	private firstAtMs: number | undefined;
	private lastAtMs = 0;
	private lastRssBytes = 0;
	private rssByteMs = 0;
	/** Re-reads of members are parsed into this one object (see StatFiles.read). */
	private readonly scratch: ProcessStat = {
		pid: 0,
		comm: '',
		state: '',
		ppid: 0,
		utimeTicks: 0,
		stimeTicks: 0,
		cutimeTicks: 0,
		cstimeTicks: 0,
		startTimeTicks: 0,
		rssPages: 0,
	};
	/** Members not read at this sample; kept between samples to allocate nothing per sample. */
	private readonly skipped: Member[] = [];
	/**
	 * The values of `members` as an array, rebuilt only when the tree changes: loops over it
	 * allocate nothing, where iterating the Map allocates a result object per member.
	 */
	private memberList: Member[] = [];

	constructor(
		readonly rootPid: number,
		options: ProcessTreeOptions = {},
	) {
		this.procRoot = options.procRoot ?? DEFAULT_PROC_ROOT;
		this.clockTicks = options.clockTicks ?? clockTicksPerSecond();
		this.pageSize = options.pageSize ?? pageSizeBytes();
		this.fullScanEvery = Math.max(1, options.fullScanEvery ?? 16);
		this.now = options.now ?? (() => performance.now());
		this.siblingsOfParent = options.siblingsOfParent;
		this.files = new StatFiles(this.procRoot);
		this.loadavg = new KeptFile(`${this.procRoot}/loadavg`);
		this.pidMax = readPidMax(this.procRoot);
	}

	/** Highest tree resident memory seen, or one process's own high-water mark if that is higher. */
	get peakRssBytes(): number {
		return Math.max(this.peakRss, this.peakSingleRss);
	}

	/** Time-weighted mean resident memory of the tree between the first and the last sample. */
	get averageRssBytes(): number {
		const span = this.firstAtMs === undefined ? 0 : this.lastAtMs - this.firstAtMs;
		return span > 0 ? this.rssByteMs / span : this.lastRssBytes;
	}

	get rootChainDepartedSeconds(): number {
		return this.rootDepartedTicks / this.clockTicks;
	}

	get rootReaped(): boolean {
		return this.rootGone;
	}

	get rootPresent(): boolean {
		return this.rootStartTime !== undefined && !this.rootGone;
	}

	/** How many other children of `siblingsOfParent` were seen to exit. */
	get siblingExits(): number {
		return this.siblingExitCount;
	}

	/** Closes the files kept open for the tree's processes; a later sample reopens them. */
	dispose(): void {
		this.files.releaseAll();
		this.loadavg.close();
	}

	/** The processes of the tree alive at the last sample. */
	liveMembers(): TreeMember[] {
		return [...this.members.values()].map((member) => ({
			pid: member.pid,
			ppid: member.ppid,
			comm: member.comm,
			cpuSeconds: member.totalTicks / this.clockTicks,
			rssBytes: member.rssPages * this.pageSize,
		}));
	}

	/**
	 * Reads the tree now. Cost: one read of /proc/loadavg; the stat of the root and of each member
	 * that is due (kept open between samples; idle members are read every 2 to 8 samples); and one
	 * stat read per pid allocated since the last sample (the last pid in /proc/loadavg moved), or,
	 * past 96 new pids, a listing of /proc first; where the root's parent is watched
	 * (`siblingsOfParent`), one read per sibling of the root. The benchmark has the figures.
	 *
	 * Limitation: the cost grows with the number of processes the whole machine creates, since each
	 * new pid must be read once to learn whether its parent is in the tree.
	 *
	 * Limitation: where /proc/loadavg cannot be read, a process outside the tree keeps the parent it
	 * had when first read until the next full scan (every `fullScanEvery` samples), so a descendant
	 * born into a reused pid number is found late; its time still lands in its parent's cutime.
	 */
	sample(options?: { full?: boolean }): TreeSample {
		const atMs = this.now();
		const full = options?.full === true;
		const previous = this.members;
		const previousList = this.memberList;
		// Made only when a process is read that is not yet in the tree (rare once it runs).
		let candidates: Map<number, ProcessStat> | undefined;
		const skipped = this.skipped;
		skipped.length = 0;
		let othersNow = this.others;

		const lastPid = this.loadavg.parse(parseLastPidBytes);
		const allocated = this.allocatedSince(lastPid);
		this.previousLastPid = this.lastPid;
		this.lastPid = lastPid;
		this.sampleCount++;
		this.reapedThisSample = false;
		// Before any pid is read afresh: a sibling's file kept open must not stand for a new
		// process that reuses its pid.
		if (this.siblings.size > 0) {
			this.siblings.forEach(this.checkSibling);
		}

		const probeRange =
			allocated !== undefined &&
			allocated <= RANGE_PROBE_MAX &&
			(lastPid ?? 0) >= (this.previousLastPid ?? Infinity) &&
			!full &&
			this.rootStartTime !== undefined &&
			this.sampleCount % LIST_EVERY !== 0;
		// On the probing path the tree usually stays as it was: it is updated in place, and copied
		// only once a member has to be removed (departed() compares it with the previous one).
		let current = probeRange ? previous : new Map<number, Member>();
		if (probeRange) {
			// Few processes were created since the last sample, and they hold the pids just above the
			// previous last one: read those instead of listing /proc (a cold listing costs more than
			// a few dozen reads). Members are read through their open files, which also tell which
			// of them are gone. Every LIST_EVERY samples /proc is listed to forget exited processes.
			const first = (this.previousLastPid ?? 0) + 1;
			const last = lastPid ?? 0;
			for (let index = 0; index < previousList.length; index++) {
				const member = previousList[index];
				const pid = member.pid;
				const reused = pid >= first && pid <= last;
				if (!reused && this.maySkip(member, full)) {
					skipped.push(member);
				} else if (!this.readMember(member)) {
					if (current === previous) {
						current = new Map(previous);
					}

					current.delete(pid);
					this.files.release(pid);
				}
			}

			for (let pid = first; pid <= last; pid++) {
				// Most new pids on a busy machine belong to short-lived processes already gone: a
				// failed open throws (an exception costs several µs), existsSync does not.
				if (!current.has(pid) && existsSync(`${this.procRoot}/${pid}`)) {
					const stat = this.files.read(pid, true);
					if (stat !== undefined) {
						candidates ??= new Map();
						candidates.set(pid, stat);
					}
				}
			}
		} else {
			// Without the allocation counter, every process is re-read now and then instead.
			othersNow = new Map();
			const fullScan =
				full ||
				(allocated === undefined
					? (this.sampleCount - 1) % this.fullScanEvery === 0
					: this.pidMax !== undefined && allocated >= this.pidMax / 2);
			const isNew = (pid: number) => allocated === undefined || this.allocatedRecently(pid);
			const pids = listPids(this.procRoot);
			for (const pid of pids) {
				const member = previous.get(pid);
				if (member !== undefined) {
					// A pid handed out since the last sample is another process: always read it.
					if (this.maySkip(member, full) && !(allocated !== undefined && isNew(pid))) {
						current.set(pid, member);
						skipped.push(member);
						continue;
					}

					if (this.readMember(member)) {
						current.set(pid, member);
						continue;
					}

					// Reaped, or the pid was reused (same number, another process): read it afresh.
					this.files.release(pid);
				} else if (!fullScan && pid !== this.rootPid && !(allocated !== undefined && isNew(pid))) {
					const ppid = this.others.get(pid);
					if (ppid !== undefined) {
						othersNow.set(pid, ppid);
						continue;
					}
				}

				const stat = this.files.read(pid, true);
				if (stat !== undefined) {
					candidates ??= new Map();
					candidates.set(pid, stat);
				}
			}
		}

		// When a member has gone, its time moves into an ancestor's cutime: read every skipped member
		// now, so that an ancestor's figure is current (no dip) and a skipped member that was reaped
		// is not counted beside the ancestor that now carries it (no double count).
		if (
			skipped.length > 0 &&
			(this.reapedThisSample || (current !== previous && this.anyGone(previous, current)))
		) {
			for (const member of skipped) {
				if (!this.readMember(member)) {
					if (current === previous) {
						current = new Map(previous);
					}

					current.delete(member.pid);
				}
			}
		}

		if (candidates !== undefined) {
			this.adoptDescendants(current, candidates, othersNow, probeRange);
		}

		// Updated in place, the tree only grew (adopted members): nobody departed.
		if (current !== previous) {
			this.departed(previous, current);
		}

		this.members = current;
		this.others = othersNow;
		if (current !== previous || current.size !== previousList.length) {
			this.memberList = [...current.values()];
		}

		const list = this.memberList;
		let totalTicks = this.departedTicks;
		let rssPages = 0;
		for (let index = 0; index < list.length; index++) {
			totalTicks += list[index].totalTicks;
			rssPages += list[index].rssPages;
		}

		const rssBytes = rssPages * this.pageSize;
		this.recordRss(atMs, rssBytes, list);
		const root = current.get(this.rootPid);
		return {
			atMs,
			cpuSeconds: totalTicks / this.clockTicks,
			rssBytes,
			processCount: current.size,
			rootAlive:
				root !== undefined && this.isRoot(root) && root.state !== 'Z' && root.state !== 'X',
		};
	}

	/** Idle members are read every few samples only; see readMember(). */
	private maySkip(member: Member, full: boolean): boolean {
		return !full && member.pid !== this.rootPid && this.sampleCount < member.nextReadAt;
	}

	/** How many pids were handed out since the previous sample; undefined when unknown. */
	private allocatedSince(lastPid: number | undefined): number | undefined {
		const before = this.lastPid;
		if (lastPid === undefined || before === undefined) {
			return undefined;
		}

		if (lastPid >= before) {
			return lastPid - before;
		}

		return this.pidMax === undefined ? undefined : this.pidMax - before + lastPid;
	}

	/** Whether this pid was handed out since the previous sample (so any cached parent is stale). */
	private allocatedRecently(pid: number): boolean {
		const before = this.previousLastPid;
		const now = this.lastPid;
		if (before === undefined || now === undefined) {
			return true;
		}

		return now >= before ? pid > before && pid <= now : pid > before || pid <= now;
	}

	private anyGone(previous: Map<number, Member>, current: Map<number, Member>): boolean {
		for (const pid of previous.keys()) {
			if (!current.has(pid)) {
				return true;
			}
		}

		return false;
	}

	/**
	 * Re-reads a member; false when it is gone or its pid now belongs to another process. A member
	 * whose CPU time has not moved is read less often (every 2, 3, … up to 8 samples): its figures
	 * are cumulative, so reading it later loses nothing, and a sleeping tree (a watcher, a server)
	 * costs a few reads per sample instead of one per process.
	 *
	 * Limitation: the resident memory of an idle process that is not read at a sample is its last
	 * one read; a process that uses no CPU time rarely changes it.
	 */
	private readMember(member: Member): boolean {
		const stat = this.files.read(member.pid, true, this.scratch);
		if (stat === undefined || stat.startTimeTicks !== member.startTime) {
			return false;
		}

		const before = member.totalTicks;
		const reaped = stat.cutimeTicks + stat.cstimeTicks;
		if (reaped > member.reapedTicks) {
			this.reapedThisSample = true;
		}

		member.reapedTicks = reaped;
		member.readAt = this.sampleCount;
		this.update(member, stat);
		member.idleSamples = member.totalTicks === before ? member.idleSamples + 1 : 0;
		member.nextReadAt = this.sampleCount + Math.max(1, Math.min(MAX_IDLE_SKIP, member.idleSamples));
		return true;
	}

	/** Updates a member in place (a sample touches every member; no new object per process). */
	private update(member: Member, stat: ProcessStat): Member {
		const total = stat.utimeTicks + stat.stimeTicks + stat.cutimeTicks + stat.cstimeTicks;
		member.ppid = stat.ppid;
		member.comm = stat.comm;
		member.totalTicks = Math.max(member.totalTicks, total);
		member.rssPages = stat.rssPages;
		member.state = stat.state;
		return member;
	}

	/** Moves candidates whose parent is in the tree (transitively) into the tree. */
	private adoptDescendants(
		current: Map<number, Member>,
		candidates: Map<number, ProcessStat>,
		othersNow: Map<number, number>,
		mayBeThreads: boolean,
	): void {
		if (this.rootStartTime === undefined) {
			const root = candidates.get(this.rootPid);
			if (root !== undefined) {
				this.rootStartTime = root.startTimeTicks;
				current.set(this.rootPid, this.newMember(root));
				candidates.delete(this.rootPid);
			}
		}

		let grew = true;
		while (grew) {
			grew = false;
			for (const [pid, stat] of candidates) {
				const parent = current.get(stat.ppid);
				// A thread id read directly (/proc/TID/stat) looks like a process with the whole
				// group's times; only a thread-group leader is a process of its own.
				if (parent !== undefined && mayBeThreads && readThreadGroupId(pid, this.procRoot) !== pid) {
					candidates.delete(pid);
					othersNow.set(pid, stat.ppid);
					this.files.release(pid);
					continue;
				}

				if (parent !== undefined) {
					current.set(pid, this.newMember(stat));
					candidates.delete(pid);
					grew = true;
				}
			}
		}

		for (const [pid, stat] of candidates) {
			othersNow.set(pid, stat.ppid);
			if (
				stat.ppid === this.siblingsOfParent &&
				pid !== this.rootPid &&
				// A thread of a sibling names the sibling's parent too; only processes count.
				(!mayBeThreads || readThreadGroupId(pid, this.procRoot) === pid)
			) {
				this.siblings.set(pid, stat.startTimeTicks);
			} else {
				this.files.release(pid);
			}
		}
	}

	/** Counts a sibling that has gone: exited, reaped, or its pid now another process's. */
	private readonly checkSibling = (startTime: number, pid: number): void => {
		const stat = this.files.read(pid, true, this.scratch);
		if (
			stat === undefined ||
			stat.startTimeTicks !== startTime ||
			stat.ppid !== this.siblingsOfParent
		) {
			this.siblingExitCount++;
			this.siblings.delete(pid);
			this.others.delete(pid);
			this.files.release(pid);
		}
	};

	private newMember(stat: ProcessStat): Member {
		return {
			pid: stat.pid,
			startTime: stat.startTimeTicks,
			ppid: stat.ppid,
			comm: stat.comm,
			totalTicks: stat.utimeTicks + stat.stimeTicks + stat.cutimeTicks + stat.cstimeTicks,
			rssPages: stat.rssPages,
			state: stat.state,
			reapedTicks: stat.cutimeTicks + stat.cstimeTicks,
			idleSamples: 0,
			nextReadAt: this.sampleCount + 1,
			readAt: this.sampleCount,
			peakCheckedRssPages: -1,
		};
	}

	/**
	 * Keeps the time of members that vanished when it left the tree. A vanished process's final time
	 * goes to whoever reaped it: if its nearest live ancestor (by last-known parent, through other
	 * vanished members) is still in the tree, the time is already in that ancestor's cutime.
	 *
	 * Limitation: a parent that ignores SIGCHLD has its children reaped automatically and the kernel
	 * then adds their time to nobody's cutime; such children count only up to their last sample.
	 */
	private departed(previous: Map<number, Member>, current: Map<number, Member>): void {
		for (const [pid, member] of previous) {
			const now = current.get(pid);
			if (now !== undefined && now.startTime === member.startTime) {
				continue;
			}

			if (now === undefined) {
				this.files.release(pid);
			}

			if (this.isRoot(member)) {
				this.rootGone = true;
			}

			let cursor = member;
			let throughRoot = this.isRoot(member);
			let carried = false;
			const visited = new Set<number>([pid]);
			for (;;) {
				const parentBefore = previous.get(cursor.ppid);
				if (parentBefore === undefined || visited.has(parentBefore.pid)) {
					break;
				}

				const parentNow = current.get(parentBefore.pid);
				if (parentNow !== undefined && parentNow.startTime === parentBefore.startTime) {
					carried = true;
					break;
				}

				visited.add(parentBefore.pid);
				throughRoot ||= this.isRoot(parentBefore);
				cursor = parentBefore;
			}

			if (!carried) {
				this.departedTicks += member.totalTicks;
				if (throughRoot) {
					this.rootDepartedTicks += member.totalTicks;
				}
			}
		}
	}

	private isRoot(member: Member): boolean {
		return member.pid === this.rootPid && member.startTime === this.rootStartTime;
	}

	private recordRss(atMs: number, rssBytes: number, current: Member[]): void {
		if (this.firstAtMs === undefined) {
			this.firstAtMs = atMs;
		} else {
			// Trapezoid between samples: memory grows and shrinks between them, not in steps.
			this.rssByteMs += ((this.lastRssBytes + rssBytes) / 2) * (atMs - this.lastAtMs);
		}

		this.lastAtMs = atMs;
		this.lastRssBytes = rssBytes;
		this.peakRss = Math.max(this.peakRss, rssBytes);

		// One process's own high-water mark catches a spike between samples; reading it for the
		// largest process only, and only when it was read, keeps the sample cheap.
		let largest: Member | undefined;
		for (let index = 0; index < current.length; index++) {
			const member = current[index];
			if (largest === undefined || member.rssPages > largest.rssPages) {
				largest = member;
			}
		}

		// An idle largest process has no new peak to find: one not read this sample, or read but with
		// neither its CPU time nor its resident memory moved since the read before.
		// Limitation: a spike and its release within less than one clock tick (10 ms) of CPU time,
		// in a process whose resident memory is back to the same page count, is not seen.
		if (
			largest !== undefined &&
			largest.rssPages > 0 &&
			largest.readAt === this.sampleCount &&
			(largest.idleSamples === 0 || largest.rssPages !== largest.peakCheckedRssPages)
		) {
			largest.peakCheckedRssPages = largest.rssPages;
			const peak = readPeakRssBytes(largest.pid, this.procRoot);
			if (peak !== undefined) {
				this.peakSingleRss = Math.max(this.peakSingleRss, peak);
			}
		}
	}
}
