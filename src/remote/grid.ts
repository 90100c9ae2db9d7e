// One grid of many workspaces: the local one (this process's session) and remote hosts, as one
// AppState and one AppActions, so the UI cannot tell them apart. A pane's actions go to its owner;
// intent ids are per host, so an id goes to the host whose pane shows it (the focused pane first).
import type { AppActions, AppState } from '../core/app-state.js';
import { alertTerminal, type NotifyKind, type PaneAlert } from '../core/notify.js';
import { ObservableState } from '../core/observable-state.js';
import type { RemoteHost } from './remote-host.js';

interface Source {
  store: { get(): AppState; subscribe(listener: () => void): () => void };
}

export class Grid {
  readonly store: ObservableState<AppState>;
  readonly actions: AppActions;
  private localActions: AppActions;
  private readonly hosts: RemoteHost[] = [];
  private readonly stops: (() => void)[] = [];
  private focused?: string;
  private notifier?: {
    settings: () => { notify: NotifyKind };
    terminal: { write(chunk: string): unknown };
  };

  constructor(
    private readonly local: Source,
    actions: AppActions,
  ) {
    this.localActions = actions;
    this.store = new ObservableState<AppState>(this.combine());
    this.stops.push(local.store.subscribe(() => this.refresh()));
    this.actions = this.buildActions();
  }

  /** The local session's actions once it is up (the first frame is drawn before it). */
  setLocalActions(actions: AppActions): void {
    this.localActions = actions;
  }

  add(host: RemoteHost): void {
    this.hosts.push(host);
    this.stops.push(host.store.subscribe(() => this.refresh()));
    this.stops.push(host.onAlert((alert) => this.alert(alert)));
    this.refresh();
  }

  /**
   * Remote panes ring this terminal as local ones do (the bell or OSC 9, per `settings().notify`);
   * the host's own hook runs there, with its settings. Set once the settings are read.
   */
  notifyOn(settings: () => { notify: NotifyKind }, terminal: { write(chunk: string): unknown }): void {
    this.notifier = { settings, terminal };
  }

  private alert(alert: PaneAlert): void {
    // The host heard of the focus by a request: a pane focused since then is not rung for.
    if (!this.notifier || alert.project === this.focused) return;
    alertTerminal(this.notifier.settings().notify, this.notifier.terminal, alert);
  }

  close(): void {
    for (const stop of this.stops.splice(0)) stop();
    for (const host of this.hosts) host.close();
  }

  private refresh(): void {
    this.store.update(() => this.combine());
  }

  private combine(): AppState {
    const local = this.local.store.get();
    const remote = this.hosts.map((host) => host.store.get());
    const notice = local.notice ?? remote.find((state) => state.notice)?.notice;
    return {
      ...local,
      panes: [...local.panes, ...remote.flatMap((state) => state.panes)],
      ...(notice ? { notice } : {}),
    };
  }

  private owner(project: string): AppActions {
    return this.hosts.find((host) => host.owns(project))?.actions ?? this.localActions;
  }

  /** The host whose pane shows intent `id`: the focused pane's when it does, else the only one. */
  private ownerOfIntent(id: number): AppActions {
    const panes = this.store.get().panes.filter((pane) => pane.intents?.some((intent) => intent.id === id));
    const pane = panes.find((p) => p.project.name === this.focused) ?? panes[0];
    return this.owner(pane?.project.name ?? this.focused ?? '');
  }

  private buildActions(): AppActions {
    const byName =
      <K extends 'steer' | 'cancel' | 'refresh' | 'togglePause' | 'compactContext' | 'resetContext'>(
        key: K,
      ) =>
      (project: string, ...rest: string[]) =>
        (this.owner(project)[key] as ((p: string, ...r: string[]) => void) | undefined)?.(project, ...rest);
    return {
      submitIntent: (project, text) => {
        const action = this.owner(project).submitIntent;
        return action ? action(project, text) : 'not wired';
      },
      inputHistory: (project) => this.owner(project).inputHistory?.(project) ?? [],
      rememberInput: (project, text) => this.owner(project).rememberInput?.(project, text),
      steer: byName('steer'),
      cancel: byName('cancel'),
      refresh: byName('refresh'),
      togglePause: byName('togglePause'),
      compactContext: byName('compactContext'),
      resetContext: byName('resetContext'),
      answerApproval: (project, answer) => this.owner(project).answerApproval?.(project, answer),
      focusChanged: (project) => {
        this.focused = project;
        // Every host hears it: one that does not own the pane then has no focused pane.
        this.localActions.focusChanged?.(project);
        for (const host of this.hosts) host.actions.focusChanged?.(project);
      },
      moveIntent: (id, direction) => this.ownerOfIntent(id).moveIntent?.(id, direction),
      editIntent: (id, text) => this.ownerOfIntent(id).editIntent?.(id, text),
      deleteIntent: (id) => this.ownerOfIntent(id).deleteIntent?.(id),
      retryIntent: (id) => this.ownerOfIntent(id).retryIntent?.(id),
      planRestore: async (id) => {
        const plan = this.ownerOfIntent(id).planRestore;
        if (!plan) throw new Error('restore is not available here');
        return plan(id);
      },
      restoreIntent: async (id) => this.ownerOfIntent(id).restoreIntent?.(id),
    };
  }
}
