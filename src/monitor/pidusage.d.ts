// Minimal types for the parts of pidusage 4 that Footprint uses (the package ships none).
declare module 'pidusage' {
	interface Status {
		/** CPU percentage since the previous call. */
		cpu: number;
		/** Resident memory in bytes. */
		memory: number;
		ppid: number;
		pid: number;
		/** Cumulative user + system CPU time of the process itself, in milliseconds. */
		ctime: number;
		elapsed: number;
		timestamp: number;
	}

	function pidusage(pids: number[]): Promise<Record<string, Status | undefined>>;
	function pidusage(pid: number): Promise<Status>;
	namespace pidusage {
		export type { Status };
	}

	export = pidusage;
}
