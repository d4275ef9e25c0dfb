import { isActive, isPending } from '../src/state/process-state';
import { FORCED_EXIT_CODE, type CommandEnv } from './command-env';
import { errorRows } from './error-rows';
import { plural } from './format';
import type { Command } from './keymap';
import { offsetOfSeq } from './log-locate';
import { applySearch, jumpToMatch } from './search-commands';
import { selectedId } from './ui-state/selection';

/** Carries out one keymap command. The only place keys turn into process calls, all through `env.controls`. */
export function runCommand(command: Command, env: CommandEnv): void {
  const { dispatch, ui, state } = env;
  const order = state.order;
  switch (command) {
    case 'select-prev':
      return move(env, -1);
    case 'select-next':
      return move(env, 1);
    case 'select-first':
      if (ui.view.view === 'errors') return dispatch({ type: 'view/error-index', index: 0, count: errorRows(state).length });
      if (logFocused(env)) return dispatch({ type: 'scroll/top', ...extent(env) });
      return dispatch({ type: 'select/first', order });
    case 'select-last':
      if (ui.view.view === 'errors') {
        const count = errorRows(state).length;
        return dispatch({ type: 'view/error-index', index: count - 1, count });
      }
      if (logFocused(env)) return dispatch({ type: 'scroll/bottom' });
      return dispatch({ type: 'select/last', order });
    case 'activate':
      return activate(env);
    case 'start':
      return start(env);
    case 'stop': {
      const id = selected(env);
      if (id === null) return;
      // Waiting for a dependency or for a restart delay counts: stopping calls that off.
      if (!isPending(state.processes[id]?.status ?? 'idle')) return toast(env, `${id} is not running`);
      toast(env, `stopping ${id}`);
      return track(env, env.controls.stop(id), `could not stop ${id}`);
    }
    case 'restart': {
      const id = selected(env);
      if (id === null) return;
      toast(env, `restarting ${id}`);
      return track(env, env.controls.restart(id), `could not restart ${id}`);
    }
    case 'toggle-watch': {
      const id = selected(env);
      if (id === null) return;
      const watch = state.processes[id]?.watch ?? null;
      if (watch === null) return toast(env, `${id} watches no files (add watch: to it in brum.yaml)`);
      toast(env, watch.state === 'on' ? `${id}: watch paused` : `${id}: watch resumed`);
      return env.controls.toggleWatch(id);
    }
    case 'reload':
      toast(env, 'reloading the project…');
      return track(env, env.controls.reload(), 'could not reload the project');
    case 'restart-all': {
      // Only for the note: which processes restart is the command layer's decision (Controls.restartAll).
      const running = order.filter((id) => {
        const status = state.processes[id]?.status;
        return status === 'running' || status === 'starting';
      }).length;
      if (running === 0) return toast(env, 'nothing is running');
      toast(env, `restarting ${plural(running, 'process')}`);
      return track(env, env.controls.restartAll(), 'could not restart everything');
    }
    case 'toggle-merged':
      return dispatch({ type: 'view/toggle-merged' });
    case 'search':
      return dispatch({ type: 'search/open' });
    case 'next-match':
      return jumpToMatch(env, 'next');
    case 'prev-match':
      return jumpToMatch(env, 'prev');
    case 'toggle-follow':
      return dispatch({ type: 'scroll/toggle-follow', lines: extent(env).lines });
    case 'page-up':
      return dispatch({ type: 'scroll/by', delta: Math.max(1, env.logRows - 1), ...extent(env) });
    case 'page-down':
      return dispatch({ type: 'scroll/by', delta: -Math.max(1, env.logRows - 1), ...extent(env) });
    case 'clear-log': {
      const target = ui.view.merged ? null : selected(env);
      env.controls.clearLogs(target);
      dispatch({ type: 'scroll/bottom' });
      return toast(env, target === null ? 'cleared every log' : `cleared the log of ${target}`);
    }
    case 'errors-view':
      return dispatch({ type: 'view/show', view: 'errors' });
    case 'urls-view':
      return dispatch({ type: 'view/show', view: 'urls' });
    case 'cycle-view':
      return dispatch({ type: 'view/cycle' });
    case 'cycle-view-back':
      return dispatch({ type: 'view/cycle', backwards: true });
    case 'help':
      return dispatch({ type: 'view/toggle-help' });
    case 'back':
      return dispatch({ type: 'ui/back' });
    case 'quit':
      return quit(env);
    case 'search-apply':
      return applySearch(env);
    case 'search-toggle-regex':
      return dispatch({ type: 'search/toggle-regex' });
    case 'search-cancel':
      return dispatch({ type: 'search/cancel' });
    case 'force-quit':
      dispatch({ type: 'session/force' });
      env.controls.killAllNow();
      return env.exit(FORCED_EXIT_CODE);
    default: {
      const unreachable: never = command;
      throw new Error(`unknown command ${String(unreachable)}`);
    }
  }
}

function selected(env: CommandEnv): string | null {
  return selectedId(env.ui.selection, env.state.order);
}

function logFocused(env: CommandEnv): boolean {
  return env.ui.view.view === 'logs' && env.ui.view.focus === 'log';
}

function extent(env: CommandEnv): { lines: number; total: number; rows: number } {
  const view = env.visible.view;
  return { lines: env.logs.counters(view).lines, total: env.logs.size(view), rows: env.logRows };
}

function move(env: CommandEnv, delta: number): void {
  const { ui, state, dispatch } = env;
  if (ui.view.view === 'errors') return dispatch({ type: 'view/error-move', delta, count: errorRows(state).length });
  // Up means older lines: a positive scroll offset.
  if (logFocused(env)) return dispatch({ type: 'scroll/by', delta: -delta, ...extent(env) });
  return dispatch({ type: delta < 0 ? 'select/prev' : 'select/next', order: state.order });
}

function activate(env: CommandEnv): void {
  const { ui, state, dispatch } = env;
  if (ui.view.view === 'errors') return jumpToError(env);
  if (ui.view.view === 'urls') return dispatch({ type: 'view/show', view: 'logs' });
  const id = selected(env);
  if (id === null) return;
  if (isActive(state.processes[id]?.status ?? 'idle')) return dispatch({ type: 'view/focus', focus: 'log' });
  start(env);
}

function start(env: CommandEnv): void {
  const id = selected(env);
  if (id === null) return;
  const status = env.state.processes[id]?.status ?? 'idle';
  if (status === 'waiting') return toast(env, `${id} is already waiting for ${env.state.processes[id]?.waitingFor ?? 'its dependencies'}`);
  if (isActive(status)) return toast(env, `${id} is already running`);
  toast(env, `starting ${id}`);
  track(env, env.controls.start(id), `could not start ${id}`);
}

function jumpToError(env: CommandEnv): void {
  const error = errorRows(env.state)[env.ui.view.errorIndex];
  if (error === undefined) return;
  const found = offsetOfSeq(env.logs, error.proc, error.seq);
  if (found === null || !found.exact) toast(env, 'that line is no longer in the log; showing the nearest one');
  const offset = found === null ? 0 : Math.max(0, found.offset - Math.floor(env.logRows / 2));
  const seq = found?.exact === true ? error.seq : null;
  env.dispatch({ type: 'ui/jump', id: error.proc, offset, lines: env.logs.counters(error.proc).lines, seq });
}

/** Quit: stop everything gracefully and end once it is all down. A second Ctrl-C (or x) forces it. */
function quit(env: CommandEnv): void {
  const active = env.state.order.filter((id) => isPending(env.state.processes[id]?.status ?? 'idle')).length;
  env.dispatch({ type: 'session/quit' });
  if (active === 0) return env.exit(0);
  env.controls.stopAll().then(
    () => env.exit(0),
    () => {
      env.controls.killAllNow();
      env.exit(1);
    },
  );
}

function toast(env: CommandEnv, text: string): void {
  env.dispatch({ type: 'session/toast', text });
}

/** Process calls run in the background; a failure becomes a note in the status bar, never a crash. */
function track(env: CommandEnv, operation: Promise<void>, failure: string): void {
  operation.then(undefined, (error: unknown) => {
    toast(env, `${failure}: ${error instanceof Error ? error.message : String(error)}`);
  });
}
