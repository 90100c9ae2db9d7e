// The grid's actions on a remote host's panes, each sent to the host as a request (`serve` answers
// with the same core action a local pane would run). Input history is asked for once per project
// and kept here, so the up arrow never waits on the network.
import type { AppActions, RestorePreview } from '../core/app-state.js';

export interface RemoteActionHost {
  name: string;
  /** Sends a request; a failure is the host's notice line already. */
  send(method: string, params: Record<string, unknown>): Promise<unknown>;
  say(notice: string | undefined): void;
  owns(gridName: string): boolean;
  connected(): boolean;
  /** Where the grid's focus is, as this host knows it: told to each new serve. */
  setFocus(project: string): void;
}

export function remoteActions(host: RemoteActionHost): AppActions {
  const histories = new Map<string, string[]>();
  const remoteName = (gridName: string) => gridName.slice(host.name.length + 1);
  const fire = (method: string, params: Record<string, unknown>) =>
    void host.send(method, params).catch(() => {});
  const byProject =
    (method: string) =>
    (project: string, text?: string): void =>
      fire(method, { project: remoteName(project), ...(text === undefined ? {} : { text }) });
  return {
    submitIntent: (project, text) => {
      void host.send('submitIntent', { project: remoteName(project), text }).then(
        (answer) => {
          const reason = (answer as { reason?: string | null } | null)?.reason;
          if (reason) host.say(`${host.name}: not queued: ${reason}`);
        },
        () => {},
      );
      return undefined;
    },
    inputHistory: (project) => {
      const name = remoteName(project);
      const known = histories.get(name);
      if (known) return known;
      histories.set(name, []);
      void host.send('inputHistory', { project: name }).then(
        (texts) => {
          if (Array.isArray(texts))
            histories.set(
              name,
              texts.filter((t) => typeof t === 'string'),
            );
        },
        () => histories.delete(name),
      );
      return [];
    },
    rememberInput: (project, text) => {
      const name = remoteName(project);
      histories.set(name, [text, ...(histories.get(name) ?? []).filter((t) => t !== text)]);
      fire('rememberInput', { project: name, text });
    },
    steer: byProject('steer'),
    cancel: byProject('cancel'),
    answerApproval: (project, answer) => fire('answerApproval', { project: remoteName(project), answer }),
    refresh: byProject('refresh'),
    focusChanged: (project) => {
      const focus = host.owns(project) ? remoteName(project) : '';
      host.setFocus(focus);
      if (host.connected()) fire('focusChanged', { project: focus });
    },
    moveIntent: (id, direction) => fire('moveIntent', { id, direction }),
    editIntent: (id, text) => fire('editIntent', { id, text }),
    deleteIntent: (id) => fire('deleteIntent', { id }),
    retryIntent: (id) => fire('retryIntent', { id }),
    togglePause: byProject('togglePause'),
    compactContext: byProject('compactContext'),
    resetContext: byProject('resetContext'),
    planRestore: async (id) => (await host.send('planRestore', { id })) as RestorePreview,
    // The host answers with the plan as it is now when its files changed since the one shown.
    restoreIntent: async (id) =>
      ((await host.send('restoreIntent', { id }).catch(() => null)) as RestorePreview | null) ?? undefined,
  };
}
