import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryFolder } from './helpers';

/** One process in a fake /proc tree; times in clock ticks, rss in pages. */
export interface FakeProcess {
	pid: number;
	ppid: number;
	comm?: string;
	state?: string;
	utime?: number;
	stime?: number;
	cutime?: number;
	cstime?: number;
	start: number;
	rss?: number;
	/** The process this id belongs to when it is a thread; default its own id. */
	tgid?: number;
}

/** The `/proc/PID/stat` line the kernel would print for this process (fields as in proc(5)). */
export function statLine(process: FakeProcess): string {
	const fields = [
		process.state ?? 'S',
		process.ppid,
		0, // pgrp
		0, // session
		0, // tty_nr
		-1, // tpgid
		4194304, // flags
		0, // minflt
		0, // cminflt
		0, // majflt
		0, // cmajflt
		process.utime ?? 0,
		process.stime ?? 0,
		process.cutime ?? 0,
		process.cstime ?? 0,
		20, // priority
		0, // nice
		1, // num_threads
		0, // itrealvalue
		process.start,
		1000000, // vsize
		process.rss ?? 0,
		...Array.from({ length: 28 }, () => 0),
	];
	return `${process.pid} (${process.comm ?? 'sh'}) ${fields.join(' ')}\n`;
}

/** A fake /proc in a temporary folder whose process table a test rewrites between samples. */
export class FakeProc {
	readonly root = temporaryFolder('proc');

	/**
	 * Replaces the whole process table. Files are rewritten in place, as the kernel does, because
	 * the reader keeps them open between samples; processes not listed disappear.
	 */
	set(processes: FakeProcess[], lastPid?: number): void {
		const wanted = new Set(processes.map((process) => String(process.pid)));
		for (const name of readdirSync(this.root)) {
			if (/^\d+$/.test(name) && !wanted.has(name)) {
				// A reader holding the file open must see the process gone, as with ESRCH.
				writeFileSync(join(this.root, name, 'stat'), '');
				rmSync(join(this.root, name), { recursive: true, force: true });
			}
		}

		for (const process of processes) {
			mkdirSync(join(this.root, String(process.pid)), { recursive: true });
			writeFileSync(join(this.root, String(process.pid), 'stat'), statLine(process));
			writeFileSync(
				join(this.root, String(process.pid), 'status'),
				`Name:\t${process.comm ?? 'sh'}\nTgid:\t${process.tgid ?? process.pid}\nPid:\t${process.pid}\nPPid:\t${process.ppid}\n`,
			);
		}

		writeFileSync(join(this.root, 'stat'), 'cpu  100 0 50 800 50 0 0 0 0 0\n');
		if (lastPid !== undefined) {
			// The allocation counter (last field of loadavg), with pids wrapping at 400.
			writeFileSync(join(this.root, 'loadavg'), `0.00 0.00 0.00 1/50 ${lastPid}\n`);
			mkdirSync(join(this.root, 'sys', 'kernel'), { recursive: true });
			writeFileSync(join(this.root, 'sys', 'kernel', 'pid_max'), '400\n');
		}
	}
}
