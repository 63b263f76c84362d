/**
 * The machine's profile, read once per process and cached. systeminformation shells out on some
 * platforms (lspci, powershell), so only five of its calls are made, in parallel, each with a
 * timeout; whatever cannot be read becomes an honest `unknown` rather than an error.
 */
import { arch, cpus, release, totalmem } from 'node:os';
import * as si from 'systeminformation';
import type { MachineProfile } from '../core/measurement';

const CALL_TIMEOUT_MS = 5000;

/** Resolves to the call's result, or undefined if it throws or takes longer than the timeout. */
async function attempt<T>(call: () => Promise<T>): Promise<T | undefined> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<undefined>((resolve) => {
		timer = setTimeout(() => resolve(undefined), CALL_TIMEOUT_MS);
		timer.unref();
	});
	try {
		return await Promise.race([call().catch(() => undefined), timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/** Hypervisor or container in words, or null when systeminformation sees bare metal. */
export function describeVirtualisation(
	system: si.Systeminformation.SystemData | undefined,
): string | null {
	if (system === undefined || !system.virtual) {
		return null;
	}

	const host = system.virtualHost?.trim() ?? '';
	const model = system.model?.trim() ?? '';
	if (/docker|container|lxc|podman|kube|wsl/i.test(model)) {
		return host !== '' && host !== model ? `${model} on ${host}` : model;
	}

	return host || model || 'virtual machine';
}

/** Builds the profile from systeminformation's answers; exported for tests of odd answers. */
export function buildMachineProfile(parts: {
	cpu?: si.Systeminformation.CpuData;
	system?: si.Systeminformation.SystemData;
	osInfo?: si.Systeminformation.OsData;
	battery?: si.Systeminformation.BatteryData;
	graphics?: si.Systeminformation.GraphicsData;
}): MachineProfile {
	const cores = cpus();
	const logicalCores = cores.length > 0 ? cores.length : (parts.cpu?.cores ?? 0);
	// Node's model string is the one the kernel reports (e.g. "AMD EPYC 7B13 64-Core Processor"),
	// which the CPU power table matches against; systeminformation rewrites it ("Xeon® Processor").
	const rawModel = cores[0]?.model?.trim();
	const cpuModel =
		rawModel ||
		[parts.cpu?.manufacturer, parts.cpu?.brand].filter(Boolean).join(' ').trim() ||
		'unknown';
	const physicalCores =
		parts.cpu?.physicalCores !== undefined && parts.cpu.physicalCores > 0
			? parts.cpu.physicalCores
			: logicalCores;

	const gpus = (parts.graphics?.controllers ?? []).map((controller) => {
		const gpu: MachineProfile['gpus'][number] = {
			vendor: controller.vendor?.trim() || 'unknown',
			model: controller.model?.trim() || 'unknown',
		};
		// systeminformation reports vram in MB (MiB in practice).
		if (typeof controller.vram === 'number' && controller.vram > 0) {
			gpu.memoryBytes = controller.vram * 1024 * 1024;
		}

		return gpu;
	});

	let power: MachineProfile['power'] = { source: 'unknown' };
	if (parts.battery !== undefined) {
		power =
			parts.battery.hasBattery && !parts.battery.acConnected
				? { source: 'battery', batteryPercent: parts.battery.percent }
				: { source: 'mains' };
		if (parts.battery.hasBattery && parts.battery.acConnected) {
			power.batteryPercent = parts.battery.percent;
		}
	}

	const osInfo = parts.osInfo;
	const os =
		osInfo !== undefined
			? `${[osInfo.distro, osInfo.release].filter(Boolean).join(' ')} (${osInfo.platform} ${osInfo.kernel}, ${osInfo.arch})`
			: `unknown (${process.platform} ${release()}, ${arch()})`;

	return {
		cpuManufacturer: parts.cpu?.manufacturer?.trim() || 'unknown',
		cpuModel,
		physicalCores,
		logicalCores,
		memoryBytes: totalmem(),
		gpus,
		power,
		virtualisation: describeVirtualisation(parts.system),
		os,
		platform: process.platform,
	};
}

let cached: Promise<MachineProfile> | undefined;

/** Reads the machine profile once per process (later calls share the first answer). Never throws. */
export function readMachineProfile(): Promise<MachineProfile> {
	cached ??= (async () => {
		const [cpu, system, osInfo, battery, graphics] = await Promise.all([
			attempt(() => si.cpu()),
			attempt(() => si.system()),
			attempt(() => si.osInfo()),
			attempt(() => si.battery()),
			attempt(() => si.graphics()),
		]);
		return buildMachineProfile({ cpu, system, osInfo, battery, graphics });
	})();
	return cached;
}
