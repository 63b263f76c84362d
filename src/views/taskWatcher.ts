import * as vscode from 'vscode';
import { formatEnergy } from '../core/format';
import type { FootprintRecord, TaskOrigin } from '../core/record';
import type { FootprintHost } from './host';
import type { RunningMeter, TaskInfo } from './meters';
import type { TaskServices } from './services';
import type { TasksView } from './tasksView';

/** A task being measured and what is known about it so far. */
interface Watched {
	meter: Promise<RunningMeter | undefined>;
	info: Omit<TaskInfo, 'exitCode'>;
	/** The root pid once known. */
	pid?: number;
}

/** The command line a VS Code task runs, as the user would type it. */
export function taskCommandLine(task: vscode.Task): string {
	const execution = task.execution;
	if (execution instanceof vscode.ShellExecution) {
		if (execution.commandLine) {
			return execution.commandLine;
		}

		const command =
			typeof execution.command === 'string' ? execution.command : execution.command?.value;
		const args = (execution.args ?? []).map((arg) => (typeof arg === 'string' ? arg : arg.value));
		return [command ?? '', ...args].join(' ').trim();
	}

	if (execution instanceof vscode.ProcessExecution) {
		return [execution.process, ...execution.args].join(' ');
	}

	return task.name;
}

function taskCwd(task: vscode.Task): string {
	const execution = task.execution;
	const cwd =
		execution instanceof vscode.ShellExecution || execution instanceof vscode.ProcessExecution
			? execution.options?.cwd
			: undefined;
	if (cwd) {
		// Limitation: `${workspaceFolder}`-style variables in a task's cwd are resolved only for that
		// one variable; others are kept as written.
		const folder = typeof task.scope === 'object' ? task.scope.uri.fsPath : '';
		return cwd.replace(/\$\{workspaceFolder\}/g, folder);
	}

	if (typeof task.scope === 'object') {
		return task.scope.uri.fsPath;
	}

	return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
}

/**
 * Watches VS Code tasks, integrated-terminal commands (through shell integration) and debug sessions
 * that report their process id, measures each process tree from start to end, and stores one record
 * per finished piece of work.
 */
export class TaskWatcher implements vscode.Disposable {
	private readonly running = new Map<object, Watched>();
	/**
	 * Root pids of VS Code tasks seen lately. A task runs in a terminal with shell integration, so the
	 * editor also reports it as a terminal command (`Executing task: …`); those are dropped here so a
	 * task is recorded once.
	 */
	private readonly taskPids = new Map<number, number>();
	private readonly disposables: vscode.Disposable[] = [];

	constructor(
		private readonly host: FootprintHost,
		private readonly services: TaskServices,
		private readonly tasksView: TasksView,
	) {
		this.disposables.push(
			vscode.tasks.onDidStartTaskProcess((event) => {
				const task = event.execution.task;
				this.rememberTaskPid(event.processId);
				this.begin(event.execution, event.processId, {
					origin: 'task',
					label: task.name,
					command: taskCommandLine(task),
					cwd: taskCwd(task),
				});
			}),
			vscode.tasks.onDidEndTaskProcess((event) => {
				void this.finish(event.execution, event.exitCode ?? null);
			}),
			vscode.window.onDidStartTerminalShellExecution((event) => {
				void this.beginTerminal(event);
			}),
			vscode.window.onDidEndTerminalShellExecution((event) => {
				void this.finish(event.execution, event.exitCode ?? null);
			}),
			vscode.debug.registerDebugAdapterTrackerFactory('*', {
				createDebugAdapterTracker: (session) => this.debugTracker(session),
			}),
		);
	}

	/** How many tasks are being measured now. */
	get runningCount(): number {
		return this.running.size;
	}

	private async beginTerminal(event: vscode.TerminalShellExecutionStartEvent): Promise<void> {
		const key = event.execution;
		// Register at once: a quick command may end before the shell's pid is known.
		const info = {
			origin: 'terminal' as TaskOrigin,
			label: event.execution.commandLine.value,
			command: event.execution.commandLine.value,
			cwd: event.execution.cwd?.fsPath ?? event.shellIntegration.cwd?.fsPath ?? '',
		};
		const pid = Promise.resolve(event.terminal.processId);
		this.beginWithPid(key, pid, info);
	}

	private begin(key: object, pid: number | undefined, info: Watched['info']): void {
		this.beginWithPid(key, Promise.resolve(pid), info);
	}

	/**
	 * For a terminal, the root is the long-lived shell: its own CPU time while it waits is near zero,
	 * and its reaped children's time arrives in its cutime/cstime, so a tree meter over the shell
	 * measures the command (plus the shell's own few milliseconds of prompt work).
	 */
	private beginWithPid(key: object, pid: Promise<number | undefined>, info: Watched['info']): void {
		const watched: Watched = { meter: Promise.resolve(undefined), info };
		watched.meter = (async () => {
			const processId = await pid;
			if (processId === undefined || processId <= 0) {
				this.host.log.debug(`not measured (no process id): ${info.label}`);
				return undefined;
			}

			watched.pid = processId;
			if (info.origin === 'terminal' && this.taskPids.has(processId)) {
				return undefined;
			}

			const meters = await this.services.meters;
			this.host.log.debug(`measuring ${info.origin} "${info.label}" (pid ${processId})`);
			return meters.startTask(processId, { rootExits: info.origin !== 'terminal' });
		})().catch((error: unknown) => {
			this.host.log.warn(`cannot measure "${info.label}": ${String(error)}`);
			return undefined;
		});
		this.running.set(key, watched);
	}

	private rememberTaskPid(pid: number): void {
		const now = Date.now();
		this.taskPids.set(pid, now);
		// Pids are reused eventually: forget those of tasks seen more than a day ago.
		for (const [known, seenAt] of this.taskPids) {
			if (now - seenAt > 86_400_000) {
				this.taskPids.delete(known);
			}
		}
	}

	private async finish(key: object, exitCode: number | null): Promise<void> {
		const watched = this.running.get(key);
		if (!watched) {
			return;
		}

		this.running.delete(key);
		try {
			const meter = await watched.meter;
			if (!meter) {
				return;
			}

			const measurement = await meter.stop();
			if (
				watched.info.origin === 'terminal' &&
				watched.pid !== undefined &&
				this.taskPids.has(watched.pid)
			) {
				this.host.log.debug(
					`"${watched.info.label}" is a task's own terminal; recorded as the task`,
				);
				return;
			}

			const meters = await this.services.meters;
			const record = meters.record(measurement, { ...watched.info, exitCode });
			await this.services.add(record);
			this.host.log.info(
				`${record.origin} "${record.label}": ${record.cpuSeconds.toFixed(2)} CPU s, ${formatEnergy(record.energyWh)}, exit ${record.exitCode ?? 'unknown'}`,
			);
			this.notifyIfOverThreshold(record);
		} catch (error) {
			this.host.log.error(`could not record "${watched.info.label}": ${String(error)}`);
		}
	}

	private notifyIfOverThreshold(record: FootprintRecord): void {
		const threshold = this.host.configuration.current.energyThresholdWh;
		if (threshold <= 0 || record.energyWh <= threshold) {
			return;
		}

		const show = vscode.l10n.t('Show Entry');
		void vscode.window
			.showInformationMessage(
				vscode.l10n.t(
					'"{0}" used {1}, above your threshold of {2}.',
					record.label,
					formatEnergy(record.energyWh),
					formatEnergy(threshold),
				),
				show,
			)
			.then(async (choice) => {
				if (choice === show) {
					await vscode.commands.executeCommand('footprint.showSidebar');
					await this.tasksView.reveal(record.id);
				}
			});
	}

	/**
	 * Debug adapters announce the debuggee's pid in the Debug Adapter Protocol's `process` event
	 * (`systemProcessId`); sessions whose adapter does not send it are not measured.
	 */
	private debugTracker(session: vscode.DebugSession): vscode.DebugAdapterTracker {
		const key = session;
		let exitCode: number | null = null;
		const configuration = session.configuration;
		const cwd =
			typeof configuration.cwd === 'string'
				? configuration.cwd
				: (session.workspaceFolder?.uri.fsPath ?? '');
		let root = session;
		while (root.parentSession) {
			root = root.parentSession;
		}

		const program =
			typeof root.configuration.program === 'string' ? root.configuration.program : '';
		// Limitation: VS Code's JavaScript debugger sends no DAP `process` event; it names each
		// debuggee's child session `script [pid]`, which is read here. Other adapters without the
		// event are not measured.
		const jsDebugPid = /\[(\d+)\]$/.exec(session.name);
		if (session.type.endsWith('node') && session.parentSession && jsDebugPid) {
			this.begin(key, Number(jsDebugPid[1]), {
				origin: 'debug',
				label: root.name,
				command: program,
				cwd,
			});
		}

		return {
			onDidSendMessage: (message: unknown) => {
				const event = message as {
					type?: string;
					event?: string;
					body?: { systemProcessId?: number; exitCode?: number };
				};
				if (event.type !== 'event') {
					return;
				}

				const pid = event.body?.systemProcessId;
				if (event.event === 'process' && typeof pid === 'number' && !this.running.has(key)) {
					this.begin(key, pid, { origin: 'debug', label: root.name, command: program, cwd });
				} else if (event.event === 'exited' && typeof event.body?.exitCode === 'number') {
					exitCode = event.body.exitCode;
				} else if (event.event === 'terminated') {
					void this.finish(key, exitCode);
				}
			},
			onWillStopSession: () => {
				void this.finish(key, exitCode);
			},
			onExit: () => {
				void this.finish(key, exitCode);
			},
		};
	}

	dispose(): void {
		for (const disposable of this.disposables) {
			disposable.dispose();
		}

		// Tasks still running when the editor closes are not recorded: they have no end.
		this.running.clear();
	}
}

/** Starts watching tasks, terminal commands and debug sessions. */
export function registerTaskWatcher(
	host: FootprintHost,
	services: TaskServices,
	tasksView: TasksView,
): TaskWatcher {
	const watcher = new TaskWatcher(host, services, tasksView);
	host.extension.subscriptions.push(watcher);
	return watcher;
}
