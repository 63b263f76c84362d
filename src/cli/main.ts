/**
 * The `footprint` command-line tool: a thin dispatcher over the pure core. Each subcommand lives in
 * its own file under src/cli/commands and registers itself in the table below.
 */
import type { CliCommand } from './command';
import { estimateCommand } from './commands/estimate';
import { scanCommand } from './commands/scan';
import { watchCommand } from './commands/watch';

const commands: CliCommand[] = [estimateCommand, scanCommand, watchCommand];

function usage(): string {
	const lines = ['Usage: footprint <command> [options]', '', 'Commands:'];
	for (const command of commands) {
		lines.push(`  ${command.name.padEnd(10)} ${command.summary}`);
	}

	lines.push('', 'Run `footprint <command> --help` for the options of one command.');
	return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
	const [name, ...rest] = argv;
	if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
		process.stdout.write(usage() + '\n');
		return name === undefined ? 2 : 0;
	}

	const command = commands.find((candidate) => candidate.name === name);
	if (!command) {
		process.stderr.write(`footprint: unknown command '${name}'. Run \`footprint --help\`.\n`);
		return 2;
	}

	return command.run(rest);
}

if (require.main === module) {
	main(process.argv.slice(2)).then(
		(code) => {
			process.exitCode = code;
		},
		(error: unknown) => {
			const message = error instanceof Error ? error.message : String(error);
			process.stderr.write(`footprint: ${message}\n`);
			process.exitCode = 1;
		},
	);
}
