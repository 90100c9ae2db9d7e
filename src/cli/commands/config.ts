// `shipyard config show [--project P]`: the settings in effect (defaults filled in, keys masked) and
// the model endpoint a project's agent would use, so a setup problem is visible before an intent fails.
import { resolveModel } from '../../agent/model-detect.js';
import { sourceLabel } from '../../agent/provider.js';
import { engineStatus, projectEngine } from '../../engines/missing.js';
import { findProject } from '../../model/project.js';
import { sandboxPolicy } from '../../sandbox/policy.js';
import { sandboxLine, sandboxSupport } from '../../sandbox/support.js';
import type { CliEnv } from '../env.js';

export async function configShowCommand(env: CliEnv, options: { project?: string }): Promise<void> {
  const settings = env.settings;
  const masked = {
    ...settings,
    model: { ...settings.model, ...(settings.model.apiKey ? { apiKey: mask(settings.model.apiKey) } : {}) },
    projects: Object.fromEntries(
      Object.entries(settings.projects).map(([name, project]) => [
        name,
        project.apiKey ? { ...project, apiKey: mask(project.apiKey) } : project,
      ]),
    ),
  };
  process.stdout.write(`# ${env.settingsStore.path}\n${JSON.stringify(masked, null, 2)}\n`);
  const projectName = options.project ? findProject(env.workspace, options.project).name : undefined;
  process.stdout.write(
    `# commands${projectName ? ` of ${projectName}` : ''}: ${sandboxLine(sandboxPolicy(settings, projectName ?? ''), sandboxSupport())}\n`,
  );
  // A project worked by Codex or Claude Code: whether that engine can run (its package and login).
  const { engine, modelConfigured } = projectEngine(settings, projectName);
  if (engine !== 'shipyard')
    process.stdout.write(`# ${engineStatus(engine, process.env, modelConfigured).line}\n`);
  const resolved = await resolveModel(settings, projectName, process.env);
  const scope = projectName ? `model for ${projectName}` : 'model';
  if (!resolved.ok) {
    process.stdout.write(`# ${scope}: not configured: ${resolved.message}\n`);
    return;
  }
  const { provider, model, api, baseURL, apiKeyEnv, contextWindow, compactThreshold, source } =
    resolved.config;
  process.stdout.write(
    `# ${scope}: ${model} (${provider}, ${api} API) at ${baseURL}, key from ${apiKeyEnv}; ` +
      `window ${contextWindow} tokens, compacts at ${Math.round(compactThreshold * 100)} %\n`,
  );
  if (source) process.stdout.write(`# ${scope} from: ${sourceLabel(source)}\n`);
}

function mask(key: string): string {
  return key.length <= 8 ? '****' : `${key.slice(0, 3)}…${key.slice(-4)}`;
}
