// Hot reload of brum.yaml and env files with real files and processes (issue 14, point 2): unchanged processes
// keep their pid; a changed command or env file restarts just that process (and its restart:true dependents);
// added and removed processes; an invalid file changes nothing and says where it is wrong; fixing it applies.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bootLive, cleanupLive, IDLE, spawns, writeProject } from './helpers/live-project';

afterEach(cleanupLive);

const POLL = { timeout: 15_000, interval: 20 };
const yaml = (...lines: string[]): string => lines.join('\n') + '\n';

const base = (apiCommand = IDLE): string =>
  yaml(
    'processes:',
    '  db:',
    `    command: ${IDLE}`,
    '    env_file: .env.db',
    '  api:',
    `    command: ${apiCommand}`,
    '    depends_on: { db: { condition: started, restart: true } }',
    '  web:',
    `    command: ${IDLE}`,
  );

async function project(): Promise<Awaited<ReturnType<typeof bootLive>>> {
  const dir = writeProject({ 'brum.yaml': base(), '.env.db': 'PORT=5432\n' });
  const b = await bootLive(dir);
  for (const id of ['db', 'api', 'web']) await expect.poll(() => b.brum.store.getState().processes[id]?.status, POLL).toBe('running');
  return b;
}

const pid = (b: Awaited<ReturnType<typeof bootLive>>, id: string) => b.brum.store.getState().processes[id]?.pid;

describe('hot reload', () => {
  it('a changed command restarts just that process; the others keep their pid', async () => {
    const b = await project();
    const before = { db: pid(b, 'db'), web: pid(b, 'web') };
    writeFileSync(path.join(b.dir, 'brum.yaml'), base(`${IDLE} --changed`));
    await expect.poll(() => spawns(b, 'api'), POLL).toBe(2);
    await expect.poll(() => b.brum.store.getState().processes.api?.status, POLL).toBe('running');
    expect(b.brum.store.getState().processes.api?.command).toBe(`${IDLE} --changed`);
    expect({ db: pid(b, 'db'), web: pid(b, 'web') }).toEqual(before);
    expect(b.brum.store.getState().project).toMatchObject({ error: null, note: 'project reloaded: changed api' });
  });

  it('changed env_file contents restart the process that reads it, and its restart:true dependents', async () => {
    const b = await project();
    const web = pid(b, 'web');
    writeFileSync(path.join(b.dir, '.env.db'), 'PORT=5433\n');
    await expect.poll(() => spawns(b, 'db'), POLL).toBe(2);
    await expect.poll(() => spawns(b, 'api'), POLL).toBe(2);
    await expect.poll(() => b.brum.store.getState().processes.api?.status, POLL).toBe('running');
    expect(pid(b, 'web')).toBe(web);
    expect(b.brum.store.getState().project.note).toBe('project reloaded: changed db');
  });

  it('added processes appear and start (autostart); removed ones stop and leave the list', async () => {
    const b = await project();
    const keep = { db: pid(b, 'db'), api: pid(b, 'api') };
    const text = base().replace(/ {2}web:\n.*\n/, '') + yaml('  worker:', `    command: ${IDLE}`, '  manual:', `    command: ${IDLE}`, '    autostart: false');
    writeFileSync(path.join(b.dir, 'brum.yaml'), text);
    await expect.poll(() => b.brum.store.getState().order, POLL).toEqual(['db', 'api', 'worker', 'manual']);
    await expect.poll(() => b.brum.store.getState().processes.worker?.status, POLL).toBe('running');
    expect(b.brum.store.getState().processes.manual?.status).toBe('idle');
    expect({ db: pid(b, 'db'), api: pid(b, 'api') }).toEqual(keep);
    expect(b.brum.store.getState().project.note).toBe('project reloaded: added worker, manual; removed web');
  });

  it('an invalid file changes nothing and says where it is wrong; fixing it applies the change', async () => {
    const b = await project();
    const pids = { db: pid(b, 'db'), api: pid(b, 'api'), web: pid(b, 'web') };
    writeFileSync(path.join(b.dir, 'brum.yaml'), base().replace('    depends_on:', '    depend_on:'));
    await expect.poll(() => b.brum.store.getState().project.error, POLL).toBe(
      `${path.join(b.dir, 'brum.yaml')}:7:5: processes.api: unknown key "depend_on". Did you mean "depends_on"? (the processes run as they were)`,
    );
    expect({ db: pid(b, 'db'), api: pid(b, 'api'), web: pid(b, 'web') }).toEqual(pids);
    writeFileSync(path.join(b.dir, 'brum.yaml'), base(`${IDLE} --fixed`));
    await expect.poll(() => b.brum.store.getState().project, POLL).toMatchObject({ error: null, note: 'project reloaded: changed api' });
    await expect.poll(() => spawns(b, 'api'), POLL).toBe(2);
    expect({ db: pid(b, 'db'), web: pid(b, 'web') }).toEqual({ db: pids.db, web: pids.web });
  });

  it('the manual reload (the L key, Controls.reload) does the same on demand', async () => {
    const b = await project();
    await b.brum.controls.reload();
    expect(b.brum.store.getState().project).toMatchObject({ error: null, note: 'project reloaded: nothing changed' });
    expect(spawns(b, 'api')).toBe(1);
  });
});
