/**
 * What the editor features need from the measurement core (src/monitor) and the estimators
 * (src/estimators), as one small interface: the status bar, the task watcher and the machine view
 * talk to this, never to /proc or a power model directly.
 */
import type { MachineSample, TaskMeasurement } from '../core/measurement';
import type { FootprintRecord, TaskOrigin } from '../core/record';
import type { MachinePower } from '../estimators/footprint';

/** Live power of the machine between two samples, by component, with each part's method. */
export type { MachinePower } from '../estimators/footprint';

/** A task being measured. */
export interface RunningMeter {
	/** Stops sampling and returns what the process tree did. */
	stop(): Promise<TaskMeasurement>;
}

/** The task a measurement belongs to. */
export interface TaskInfo {
	origin: TaskOrigin;
	label: string;
	command: string;
	cwd: string;
	exitCode: number | null;
}

/** How figures are obtained here, for the tooltip, the log line and the machine view. */
export interface MethodSummary {
	/** e.g. `AMD EPYC 7B13, 2 cores, 7.8 GiB, Debian 12 (KVM)`. */
	machine: string;
	cpu: string;
	memory: string;
	gpu: string;
	/** Why nothing was measured by a counter, where nothing was. */
	notMeasured: string[];
	intensityGramsPerKwh: number;
	region: string;
	intensitySource: string;
	pue: number;
}

/** The measurement services, ready once the machine profile has been read. */
export interface Meters {
	/**
	 * Starts sampling a process tree rooted at `rootPid`. `rootExits`: the root ends with the task
	 * (a task's process, a debuggee), so its parent reaps it and the parent's reaped-children time
	 * gives the exact total; false for a long-lived shell whose children are the command.
	 */
	startTask(rootPid: number, options: { rootExits: boolean }): RunningMeter;
	/** Reads the machine's cumulative counters (cheap: /proc). */
	sampleMachine(): Promise<MachineSample>;
	/** Machine power between two samples. */
	machinePower(previous: MachineSample, next: MachineSample): MachinePower;
	/** Turns a finished task's measurement into a record with the settings in force now. */
	record(measurement: TaskMeasurement, task: TaskInfo): FootprintRecord;
	/** The method in force now. */
	summary(): MethodSummary;
	/** Markdown describing the machine profile and each method's availability. */
	machineReport(): string;
}
