import * as vscode from 'vscode';
import { formatCarbon, formatEnergy, formatPower } from '../core/format';
import type { MachineSample } from '../core/measurement';
import { recordsOfToday, totalsOf } from '../history/days';
import { COMMANDS } from './commands';
import type { FootprintHost } from './host';
import type { MachinePower } from './meters';
import type { TaskServices } from './services';
import { statusAccessibilityText, statusText, type Readout } from './statusText';

/**
 * The status bar readout: live machine power, and the session's energy and carbon integrated from
 * it, sampled at `footprint.sampling.intervalSeconds` from /proc (cheap), text changed only when it
 * differs so the item never flickers.
 */
export class StatusBar implements vscode.Disposable {
	private readonly item: vscode.StatusBarItem;
	private timer: NodeJS.Timeout | undefined;
	private previous: MachineSample | undefined;
	private power: MachinePower | undefined;
	private sessionWh = 0;
	private sessionGrams = 0;
	private sampling = false;

	constructor(
		private readonly host: FootprintHost,
		private readonly services: TaskServices,
	) {
		this.item = vscode.window.createStatusBarItem(
			'footprint.status',
			vscode.StatusBarAlignment.Right,
			100,
		);
		this.item.name = 'Footprint';
		this.item.command = COMMANDS.showSidebar;
		this.render();
		this.applyVisibility();
		host.extension.subscriptions.push(
			host.configuration.onDidChange(() => {
				this.applyVisibility();
				this.render(true);
			}),
			services.onDidChangeHistory(() => this.render(true)),
		);
		void services.meters.then(() => this.sample());
	}

	/** The readout shown now. */
	get readout(): Readout {
		return {
			watts: this.power?.watts,
			sessionWh: this.sessionWh,
			sessionGrams: this.sessionGrams,
		};
	}

	/** The text shown now (for tests). */
	get text(): string {
		return this.item.text;
	}

	private applyVisibility(): void {
		const settings = this.host.configuration.current;
		if (!settings.statusBarEnabled) {
			this.stop();
			this.item.hide();
			return;
		}

		this.item.show();
		this.restart(settings.samplingIntervalSeconds);
	}

	private restart(intervalSeconds: number): void {
		this.stop();
		this.timer = setInterval(() => void this.sample(), intervalSeconds * 1000);
		// The timer alone must never keep a process alive (tests, the extension host shutting down).
		this.timer.unref();
		void this.sample();
	}

	private stop(): void {
		if (this.timer) {
			clearInterval(this.timer);
			this.timer = undefined;
		}

		// The next interval starts from a fresh sample: energy is not integrated over a paused span.
		this.previous = undefined;
	}

	private async sample(): Promise<void> {
		const meters = this.services.meter;
		if (!meters || this.sampling) {
			return;
		}

		this.sampling = true;
		try {
			const next = await meters.sampleMachine();
			if (this.previous) {
				this.power = meters.machinePower(this.previous, next);
				const hours = (next.atMs - this.previous.atMs) / 3_600_000;
				const summary = meters.summary();
				const wh = this.power.watts * hours * summary.pue;
				this.sessionWh += wh;
				this.sessionGrams += (wh / 1000) * summary.intensityGramsPerKwh;
			}

			this.previous = next;
			this.render();
		} catch (error) {
			this.host.log.warn(`status bar: machine sample failed: ${String(error)}`);
		} finally {
			this.sampling = false;
		}
	}

	/** Sets the text only when it changed (no flicker); `force` also refreshes the tooltip. */
	private render(force = false): void {
		const settings = this.host.configuration.current;
		const text = statusText(settings.statusBarShow, this.readout);
		if (this.item.text !== text || force) {
			this.item.text = text;
			this.item.tooltip = this.tooltip();
			this.item.accessibilityInformation = {
				label: statusAccessibilityText(this.readout),
				role: 'button',
			};
		}
	}

	private tooltip(): vscode.MarkdownString {
		const markdown = new vscode.MarkdownString(undefined, true);
		const summary = this.services.meter?.summary();
		markdown.appendMarkdown('**Footprint** — this machine now\n\n');
		if (!summary) {
			markdown.appendMarkdown('Reading the machine profile…\n');
			return markdown;
		}

		const power = this.power;
		markdown.appendMarkdown('| | |\n|---|---|\n');
		markdown.appendMarkdown(`| CPU | ${power ? formatPower(power.cpuWatts) : '…'} |\n`);
		markdown.appendMarkdown(`| Memory | ${power ? formatPower(power.memoryWatts) : '…'} |\n`);
		const gpuMeasured = power?.gpu.provenance === 'measured';
		markdown.appendMarkdown(
			`| GPU | ${power && gpuMeasured ? formatPower(power.gpuWatts) : 'not measured'} |\n\n`,
		);
		// The latest sample's methods say what happened now (e.g. RAPL read this time); before the
		// first sample, the probe's summary says what is expected.
		const cpu = power ? `${power.cpu.provenance}, ${power.cpu.detail}` : summary.cpu;
		const memory = power ? `${power.memory.provenance}, ${power.memory.detail}` : summary.memory;
		const gpu = power ? `${power.gpu.provenance}, ${power.gpu.detail}` : summary.gpu;
		markdown.appendMarkdown(
			`**Method.** CPU: ${escape(cpu)}. Memory: ${escape(memory)}. GPU: ${escape(gpu)}.\n\n`,
		);
		if (summary.notMeasured.length > 0) {
			markdown.appendMarkdown(
				`Not measured because: ${escape(summary.notMeasured.join('; '))}.\n\n`,
			);
		}

		markdown.appendMarkdown(
			`**Grid.** ${Math.round(summary.intensityGramsPerKwh)} gCO2e/kWh, ${escape(summary.region)}, ` +
				`from ${escape(summary.intensitySource)}. PUE ${summary.pue}.\n\n`,
		);
		const records = this.services.store?.list() ?? [];
		const today = totalsOf(recordsOfToday(records));
		markdown.appendMarkdown(
			`**Today** (${today.count} tasks): ${formatEnergy(today.energyWh)} · ${formatCarbon(today.co2eGrams)}\n\n`,
		);
		markdown.appendMarkdown(
			`**This session** (whole machine): ${formatEnergy(this.sessionWh)} · ${formatCarbon(this.sessionGrams)}\n\n`,
		);
		markdown.appendMarkdown(
			'Terminal commands are measured only where shell integration is on ' +
				'(`terminal.integrated.shellIntegration.enabled`).\n\n',
		);
		markdown.appendMarkdown(`[Show machine and methods](command:${COMMANDS.showMachine})`);
		return markdown;
	}

	dispose(): void {
		this.stop();
		this.item.dispose();
	}
}

function escape(text: string): string {
	return text.replace(/[\\`*_{}[\]<>|]/g, (character) => `\\${character}`);
}

/** Adds the status bar item; returns it for the test API. */
export function registerStatusBar(host: FootprintHost, services: TaskServices): StatusBar {
	const statusBar = new StatusBar(host, services);
	host.extension.subscriptions.push(statusBar);
	return statusBar;
}
