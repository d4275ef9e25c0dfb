import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCommonJsCached } from './code-cache';
import type { runCli } from './main';
import type { TuiImporter } from './run-tui-command';

/**
 * What bin/brum.js loads: dist/launch.cjs, built from this file. It runs the CLI bundle (dist/cli.cjs) through
 * V8's code cache, which brings the spawn of the first script ~30 ms closer to launch, and it is the one place
 * that imports the TUI bundle (dist/tui.js, ESM, loaded only when a terminal is in use).
 *
 * The cache (dist/cli.cjs.v8cache) is written at exit by a run that found none, or none that fits this build and
 * this Node, so it holds every function that run compiled. The build makes one by running brum once.
 */
const dist = __dirname;
const cli = loadCommonJsCached(path.join(dist, 'cli.cjs'), path.join(dist, 'cli.cjs.v8cache'));
if (cli.status !== 'hit') process.once('exit', () => cli.saveCache());
if (process.env.BRUM_DEBUG) process.stderr.write(`brum: code cache ${cli.status}\n`);

const tuiUrl = pathToFileURL(path.join(dist, 'tui.js')).href;
const importTui: TuiImporter = () => import(tuiUrl) as ReturnType<TuiImporter>;
(cli.exports as { runCli: typeof runCli }).runCli(process.argv, importTui);
