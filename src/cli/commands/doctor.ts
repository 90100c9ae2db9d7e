// `shipyard doctor [--project P]`: is everything in place? One line per check, ✓ or ✗ with the fix;
// exit code 0 only when every check passed. Runs without the usual CliEnv: a broken settings file
// is one of the things it reports, not a reason to stop.
import { stripControls } from '../../sanitize.js';
import { type DoctorContext, doctorChecks } from '../doctor/checks.js';

export async function doctorCommand(options: { project?: string }): Promise<void> {
  const context: DoctorContext = {
    env: process.env,
    ...(options.project ? { project: options.project } : {}),
  };
  let failed = 0;
  for (const check of doctorChecks) {
    const results = await check.run(context).catch((error: unknown) => [
      {
        ok: false,
        line: `${check.name}: the check itself failed: ${String(error)}`,
        fix: 'run with --debug',
      },
    ]);
    for (const result of results) {
      if (!result.ok) failed++;
      const fix = !result.ok && result.fix ? ` → ${result.fix}` : '';
      process.stdout.write(`${result.ok ? '✓' : '✗'} ${stripControls(result.line)}${fix}\n`);
    }
  }
  if (failed > 0) {
    process.stderr.write(`shipyard: ${failed} check${failed === 1 ? '' : 's'} failed\n`);
    process.exitCode = 1;
  }
}
