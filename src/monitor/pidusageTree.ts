/**
 * The process-tree sampler for macOS and Windows, where there is no /proc: descendants from `ps`,
 * CPU time and memory from the pidusage library.
 *
 * Limitation: lower fidelity than the Linux reader. pidusage reports a process's own CPU time only
 * (no time of reaped children), so a child born and reaped between two samples is not counted at
 * all, and a process's time after its last sample is lost. Short-lived children (compilers, gzip in
 * a loop) are therefore under-counted. On Windows only the root process itself is followed.
 */
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import pidusage from 'pidusage';
import type { TreeSample } from '../core/measurement';
import type { TreeSampler } from './processTree';

/** Lists `pid → ppid` for every process with `ps`; empty when ps is missing (Windows). */
function listParents(): Promise<Map<number, number>> {
	return new Promise((resolve) => {
		execFile(
			'ps',
			['-A', '-o', 'pid=', '-o', 'ppid='],
			{ timeout: 3000, maxBuffer: 4 * 1024 * 1024, windowsHide: true },
			(error, stdout) => {
				const parents = new Map<number, number>();
				if (error === null) {
					for (const line of String(stdout).split('\n')) {
						const [pid, ppid] = line.trim().split(/\s+/).map(Number);
						if (Number.isInteger(pid) && Number.isInteger(ppid)) {
							parents.set(pid, ppid);
						}
					}
				}

				resolve(parents);
			},
		);
	});
}

/** Samples a process tree through `ps` and pidusage (see the Limitation above). */
export class PidusageTreeReader implements TreeSampler {
	private lastSeconds = new Map<number, number>();
	private departedSeconds = 0;
	private rootDeparted = 0;
	private rootGone = false;
	private peak = 0;
	private firstAtMs: number | undefined;
	private lastAtMs = 0;
	private lastRss = 0;
	private rssByteMs = 0;

	constructor(readonly rootPid: number) {}

	get peakRssBytes(): number {
		return this.peak;
	}

	get averageRssBytes(): number {
		const span = this.firstAtMs === undefined ? 0 : this.lastAtMs - this.firstAtMs;
		return span > 0 ? this.rssByteMs / span : this.lastRss;
	}

	get rootChainDepartedSeconds(): number {
		return this.rootDeparted;
	}

	get rootReaped(): boolean {
		return this.rootGone;
	}

	get rootPresent(): boolean {
		return this.lastSeconds.has(this.rootPid);
	}

	async sample(): Promise<TreeSample> {
		const parents = process.platform === 'win32' ? new Map() : await listParents();
		const pids = this.descendants(parents);
		const stats = pids.length > 0 ? await pidusage(pids).catch(() => ({})) : {};
		const atMs = performance.now();
		const seen = new Map<number, number>();
		let rss = 0;
		for (const pid of pids) {
			const status = (stats as Record<string, pidusage.Status | undefined>)[pid];
			if (status !== undefined) {
				seen.set(pid, Math.max(status.ctime / 1000, this.lastSeconds.get(pid) ?? 0));
				rss += status.memory;
			}
		}

		for (const [pid, seconds] of this.lastSeconds) {
			if (!seen.has(pid)) {
				this.departedSeconds += seconds;
				if (pid === this.rootPid) {
					this.rootGone = true;
					this.rootDeparted += seconds;
				}
			}
		}

		this.lastSeconds = seen;
		let cpuSeconds = this.departedSeconds;
		for (const seconds of seen.values()) {
			cpuSeconds += seconds;
		}

		if (this.firstAtMs === undefined) {
			this.firstAtMs = atMs;
		} else {
			this.rssByteMs += ((this.lastRss + rss) / 2) * (atMs - this.lastAtMs);
		}

		this.lastAtMs = atMs;
		this.lastRss = rss;
		this.peak = Math.max(this.peak, rss);
		return {
			atMs,
			cpuSeconds,
			rssBytes: rss,
			processCount: seen.size,
			rootAlive: seen.has(this.rootPid),
		};
	}

	private descendants(parents: Map<number, number>): number[] {
		if (parents.size === 0) {
			return this.rootGone ? [] : [this.rootPid];
		}

		const children = new Map<number, number[]>();
		for (const [pid, ppid] of parents) {
			const list = children.get(ppid) ?? [];
			list.push(pid);
			children.set(ppid, list);
		}

		const result: number[] = [];
		const queue = parents.has(this.rootPid) ? [this.rootPid] : [];
		// Processes already followed stay followed after their parent exits (orphans).
		for (const pid of this.lastSeconds.keys()) {
			if (parents.has(pid) && pid !== this.rootPid) {
				queue.push(pid);
			}
		}

		const seen = new Set<number>();
		while (queue.length > 0) {
			const pid = queue.shift() as number;
			if (seen.has(pid)) {
				continue;
			}

			seen.add(pid);
			result.push(pid);
			queue.push(...(children.get(pid) ?? []));
		}

		return result;
	}
}
