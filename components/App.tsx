import { Box } from 'ink';
import { useCallback, useEffect, useMemo } from 'react';
import { isActive, type ProcessState, type ProcessStatus } from '../src/state/process-state';
import type { BrumState } from '../src/state/store';
import type { VisibleLog } from './command-env';
import { errorRows } from './error-rows';
import { ErrorsView } from './ErrorsView';
import { HelpOverlay } from './HelpOverlay';
import { computeLayout } from './layout';
import { compileQuery } from './line-matcher';
import { LogPane } from './LogPane';
import { readLogView, type LogViewModel } from './log-view';
import { MAX_NAME_WIDTH, nameWidth } from './process-columns';
import type { Controls } from '../src/runtime/controls';
import { ProcessList } from './ProcessList';
import type { QuitRequests } from './quit-requests';
import { SearchLine } from './SearchLine';
import { StatusBar } from './StatusBar';
import { themeFor } from './theme';
import { selectedId } from './ui-state/selection';
import type { SearchState } from './ui-state/search';
import { clampIndex } from './ui-state/view';
import { UrlsView } from './UrlsView';
import { useBrum } from './use-brum';
import { useCommandRunner } from './use-command-runner';
import { useFrame } from './use-frame';
import { useKeyboard } from './use-keyboard';
import { useTerminalSize } from './use-terminal-size';
import { useToastExpiry } from './use-toast-expiry';
import { useUptimeTick } from './use-uptime-tick';
import { useCountdownTick } from './use-countdown-tick';
import { useUiState } from './use-ui-state';

/** Props of the whole TUI. */
export interface AppProps {
  /** Shown over the process names: usually the project's name. */
  readonly title: string;
  readonly controls: Controls;
  /** Colour on; off means no colour anywhere, child output included. */
  readonly color: boolean;
  /** Called with the exit code once the user has quit and everything is down; the caller unmounts. */
  readonly onExit: (code: number) => void;
  /** Time source for uptimes; tests pin it. */
  readonly clock?: () => number;
  /** Quit requests from outside the keyboard (signals), handled like `q` or a second Ctrl-C. */
  readonly quitRequests?: QuitRequests;
  /** The process selected at first (`brum dev api` selects api); otherwise the first in the list. */
  readonly initialSelection?: string;
}

/**
 * The TUI. Each frame is drawn from one store snapshot (coalesced by `useFrame`) and one window read of the
 * LogStore; everything else is the pure UI state.
 */
export function App({ title, controls, color, onExit, clock = Date.now, quitRequests, initialSelection }: AppProps) {
  const brum = useBrum();
  const state = useFrame(brum.store);
  const { rows, columns } = useTerminalSize();
  const { ui, dispatch, current } = useUiState(initialSelection);
  const theme = themeFor(color);
  const running = countStatus(state, (s) => s === 'running');
  const alive = countStatus(state, isActive);
  useUptimeTick(startTimes(state), clock);
  useCountdownTick(restartingProcs(state), clock);
  useToastExpiry(ui.session.toast, dispatch);

  const layout = computeLayout(rows, state.order.length, ui.search.editing);
  const selected = selectedId(ui.selection, state.order);
  const width = nameWidth(state.order);
  const logView: string | null = ui.view.merged ? null : selected;
  const model = ui.view.view === 'logs' && !ui.view.help ? readLogView(brum.logs, logView, ui.scroll, layout.paneRows) : null;
  const applied = ui.search.applied;
  const matcher = useMemo(() => {
    if (applied === null) return null;
    const compiled = compileQuery(applied.query, applied.regex);
    return compiled.ok ? compiled.match : null;
  }, [applied]);
  const { order, errors: errorsByProc } = state;
  const errors = useMemo(() => errorRows({ order, errors: errorsByProc }), [order, errorsByProc]);
  const prefixColor = useCallback((proc: string) => theme.prefix(Math.max(0, order.indexOf(proc))), [theme, order]);

  const run = useCommandRunner(brum, dispatch, current, {
    controls,
    exit: onExit,
    logRows: layout.paneRows,
    visible: visibleOf(model, logView),
  });
  useKeyboard(run, current, dispatch);
  useEffect(() => quitRequests?.subscribe((kind) => run(kind === 'force' ? 'force-quit' : 'quit')), [quitRequests, run]);
  // What a reload changed is news once: a toast, like the answer to a key.
  const { note: reloadNote, reloads } = state.project;
  useEffect(() => {
    if (reloads > 0 && reloadNote !== null) dispatch({ type: 'session/toast', text: reloadNote });
  }, [reloads, reloadNote, dispatch]);

  const bodyRows = layout.listRows + 1 + layout.paneRows + 1;
  return (
    <Box flexDirection="column" width={columns} height={layout.rootRows}>
      {ui.view.help ? (
        <HelpOverlay rows={bodyRows} width={columns} theme={theme} />
      ) : (
        <>
          <ProcessList
            state={state}
            selected={selected}
            rows={layout.listRows}
            title={title}
            nameWidth={Math.max(width, Math.min(MAX_NAME_WIDTH, title.length))}
            width={columns}
            now={clock()}
            theme={theme}
          />
          {ui.view.view === 'errors' ? (
            <ErrorsView errors={errors} index={clampIndex(ui.view.errorIndex, errors.length)} rows={layout.paneRows} width={columns} nameWidth={width} theme={theme} />
          ) : ui.view.view === 'urls' ? (
            <UrlsView state={state} rows={layout.paneRows} width={columns} nameWidth={width} theme={theme} />
          ) : model !== null ? (
            <LogPane
              model={model}
              proc={logView === null ? null : (state.processes[logView] ?? null)}
              rows={layout.paneRows}
              width={columns}
              focused={ui.view.focus === 'log'}
              nameWidth={width}
              prefixColor={prefixColor}
              matcher={matcher}
              landedSeq={ui.landed !== null && (logView === null || logView === ui.landed.id) ? ui.landed.seq : null}
              theme={theme}
            />
          ) : null}
        </>
      )}
      {ui.search.editing ? <SearchLine draft={ui.search.draft} regex={ui.search.regex} error={ui.search.error} theme={theme} /> : null}
      <StatusBar
        running={running}
        stopping={ui.session.quitting ? alive : null}
        forced={ui.session.forced}
        dropped={droppedLines(state)}
        follow={ui.scroll.follow}
        search={searchSummary(ui.search)}
        toast={ui.session.toast?.text ?? null}
        projectError={state.project.error}
        width={columns}
        theme={theme}
      />
    </Box>
  );
}

function countStatus(state: BrumState, test: (status: ProcessStatus) => boolean): number {
  let n = 0;
  for (const id of state.order) {
    const proc = state.processes[id];
    if (proc !== undefined && test(proc.status)) n++;
  }
  return n;
}

/** Processes waiting out a restart delay: their rows count down. */
function restartingProcs(state: BrumState): ProcessState[] {
  const out: ProcessState[] = [];
  for (const id of state.order) {
    const proc = state.processes[id];
    if (proc?.status === 'restarting') out.push(proc);
  }
  return out;
}

/** When each live process started: what the uptime column depends on. */
function startTimes(state: BrumState): number[] {
  const times: number[] = [];
  for (const id of state.order) {
    const proc = state.processes[id];
    if (proc !== undefined && proc.startedAt !== null && isActive(proc.status)) times.push(proc.startedAt);
  }
  return times;
}

function droppedLines(state: BrumState): number {
  let n = 0;
  for (const id of state.order) n += state.logs[id]?.dropped ?? 0;
  return n;
}

function visibleOf(model: LogViewModel | null, view: string | null): VisibleLog {
  const entries = model?.entries ?? [];
  return {
    view,
    topSeq: entries[0]?.seq ?? null,
    bottomSeq: entries[entries.length - 1]?.seq ?? null,
    offset: model?.offset ?? 0,
  };
}

function searchSummary(search: SearchState): string | null {
  const applied = search.applied;
  if (applied === null) return null;
  const shown = applied.regex ? `/${applied.query}/` : `"${applied.query}"`;
  const { current, matches } = search;
  if (current !== null) return `${shown} ${current.index + 1}/${current.count}`;
  if (matches !== null) return `${shown} ${matches.count}${matches.truncated ? '+' : ''} matches`;
  return shown;
}
