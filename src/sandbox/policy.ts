// What fence a project's agent commands run in: the global `sandbox` settings with the project's
// own `sandbox` entry on top.
import type { SandboxMode, Settings } from '../store/settings.js';

export interface SandboxPolicy {
  mode: SandboxMode;
  network: boolean;
  required: boolean;
  /** Environment variable names (`*` wildcards) kept in commands' environment despite the scrub. */
  envAllow: string[];
}

export function sandboxPolicy(settings: Settings, projectName: string): SandboxPolicy {
  const global = settings.sandbox;
  const own = settings.projects[projectName]?.sandbox ?? {};
  return {
    mode: own.mode ?? global.mode,
    network: own.network ?? global.network,
    required: own.required ?? global.required,
    envAllow: [...global.env, ...(own.env ?? [])],
  };
}
