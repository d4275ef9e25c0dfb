import { readFileSync } from 'node:fs';
import http from 'node:http';
import { UserError } from '../user-error';
import { instancePaths, type InstancePaths } from './instance-paths';

export interface ApiResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/**
 * The remote CLI's way to the running instance of a project: HTTP over its unix socket, with its token. With no
 * instance running, one line says so (a UserError, exit 2).
 */
export class ApiClient {
  private constructor(
    readonly paths: InstancePaths,
    private current: string,
  ) {}

  /** The instance's token as last read (read again when the instance behind the socket was replaced). */
  get token(): string {
    return this.current;
  }

  static connect(projectDir: string, env: NodeJS.ProcessEnv = process.env): ApiClient {
    const paths = instancePaths(projectDir, env);
    const token = readToken(paths);
    if (token === null) throw notRunning(paths);
    return new ApiClient(paths, token);
  }

  get(path: string, query: Record<string, string | readonly string[] | undefined> = {}): Promise<ApiResponse> {
    return this.request('GET', path, query);
  }

  post(path: string, query: Record<string, string | readonly string[] | undefined> = {}): Promise<ApiResponse> {
    return this.request('POST', path, query);
  }

  /** Opens the push stream; `onEvent` gets each server-sent event. Resolves with a function that closes it. */
  events(onEvent: (event: string, data: unknown) => void): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const req = http.request({ socketPath: this.paths.socket, path: '/v1/events', headers: this.headers() }, (res) => {
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (data !== undefined) onEvent(event, JSON.parse(data) as unknown);
          }
        });
        resolve(() => req.destroy());
      });
      req.on('error', (error) => reject(this.failure(error)));
      req.end();
    });
  }

  /**
   * One request; when it is refused for its token, the token file is read again and the request retried once: the
   * brum behind the socket may have been replaced (the person restarted the TUI) since this client read it.
   */
  private async request(method: string, path: string, query: Record<string, string | readonly string[] | undefined>): Promise<ApiResponse> {
    const res = await this.send(method, path, query);
    if (res.status !== 401) return res;
    const fresh = readToken(this.paths);
    if (fresh === null || fresh === this.current) return res;
    this.current = fresh;
    return this.send(method, path, query);
  }

  private send(method: string, path: string, query: Record<string, string | readonly string[] | undefined>): Promise<ApiResponse> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      for (const v of typeof value === 'string' ? [value] : value) params.append(key, v);
    }
    const qs = params.toString();
    return new Promise((resolve, reject) => {
      const req = http.request({ socketPath: this.paths.socket, method, path: `${path}${qs ? `?${qs}` : ''}`, headers: this.headers() }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
          } catch {
            reject(new UserError(`the brum in ${this.paths.project} answered ${path} with something that is not JSON`));
          }
        });
      });
      req.on('error', (error) => reject(this.failure(error)));
      req.end();
    });
  }

  private headers(): Record<string, string> {
    return { authorization: `Bearer ${this.current}` };
  }

  private failure(error: Error): Error {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ECONNREFUSED' ? notRunning(this.paths) : error;
  }
}

function readToken(paths: InstancePaths): string | null {
  try {
    return readFileSync(paths.token, 'utf8').trim();
  } catch {
    return null;
  }
}

function notRunning(paths: InstancePaths): UserError {
  return new UserError(`no brum is running in ${paths.project}; start one with \`brum\` or \`brum run\`.`);
}
