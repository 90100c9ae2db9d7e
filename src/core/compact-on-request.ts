// Compacting a project's context because the user asked (a key in the zoomed pane, `shipyard context
// compact`): the same steps for both, and the model code loaded only now.
import { resolveModel } from '../agent/model-detect.js';
import { UserError } from '../errors.js';
import type { Project } from '../model/project.js';
import type { ContextStore } from '../store/contexts.js';
import type { Settings } from '../store/settings.js';

/** Returns the line to show; throws a UserError when no model is configured. */
export async function compactOnRequest(args: {
  contexts: ContextStore;
  project: Project;
  settings: Settings;
  env: NodeJS.ProcessEnv;
}): Promise<{ line: string; compacted: boolean }> {
  const { project } = args;
  const resolved = await resolveModel(args.settings, project.name, args.env);
  if (!resolved.ok) throw new UserError(`cannot compact ${project.name}: ${resolved.message}`);
  const [{ createClient }, { compactionNote, forceCompact }, { ContextPrompt }] = await Promise.all([
    import('../agent/client.js'),
    import('../agent/compact.js'),
    import('../agent/prompt-state.js'),
  ]);
  // The summary is asked for inside the conversation, with the prefix its requests were sent with.
  const prompt = ContextPrompt.asTold(args.contexts, project);
  const result = await forceCompact({
    contexts: args.contexts,
    projectPath: project.path,
    config: resolved.config,
    client: createClient(resolved.config),
    prefix: prompt.prefix,
  });
  if (result) prompt.compacted();
  return result
    ? { line: compactionNote(result), compacted: true }
    : { line: 'nothing to compact: the context holds at most the last intent', compacted: false };
}
