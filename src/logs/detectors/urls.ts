// Candidates run to the first space or quote (logs often quote URLs as JS strings); trailing punctuation is trimmed after.
const CANDIDATE = /https?:\/\/[^\s<>"'`]+/g;
const TRAILING = /[.,;:!?'")\]}>]$/;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '0.0.0.0', '[::]', '[::1]']);
// Addresses that mean "every interface": a browser cannot open them, but localhost reaches the same server.
const WILDCARD_HOSTS = new Set(['0.0.0.0', '[::]']);
const HOST_NAME = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;

/** Drops sentence punctuation after a URL, keeping a closing bracket that the URL itself opened. */
function trimTrailing(url: string): string {
  let out = url;
  while (TRAILING.test(out)) {
    const last = out[out.length - 1];
    if (last === ')' && count(out, '(') >= count(out, ')')) break;
    if (last === ']' && count(out, '[') >= count(out, ']')) break;
    out = out.slice(0, -1);
  }
  return out;
}

function count(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i !== -1; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

interface Parts {
  readonly scheme: string;
  readonly host: string;
  readonly port: string;
  readonly rest: string;
}

function split(url: string): Parts | undefined {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd === -1) return undefined;
  const scheme = url.slice(0, schemeEnd);
  const authorityStart = schemeEnd + 3;
  let end = url.length;
  for (const stop of ['/', '?', '#']) {
    const i = url.indexOf(stop, authorityStart);
    if (i !== -1 && i < end) end = i;
  }
  const authority = url.slice(authorityStart, end);
  if (authority.includes('@')) return undefined;
  let host: string;
  let port: string;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close === -1) return undefined;
    host = authority.slice(0, close + 1);
    const after = authority.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return undefined;
    port = after.slice(1);
  } else {
    const colon = authority.indexOf(':');
    host = colon === -1 ? authority : authority.slice(0, colon);
    port = colon === -1 ? '' : authority.slice(colon + 1);
    if (!HOST_NAME.test(host.toLowerCase())) return undefined;
  }
  if (port !== '' && !/^\d{1,5}$/.test(port)) return undefined;
  return { scheme, host: host.toLowerCase(), port, rest: url.slice(end) };
}

/**
 * The URL as brum shows it: lower-case host, and the wildcard addresses a server listens on (0.0.0.0, [::])
 * shown as localhost so the link opens. Applying it twice changes nothing.
 */
export function normaliseUrl(url: string): string {
  const parts = split(url);
  return parts === undefined ? url : normalFrom(parts);
}

function normalFrom(parts: Parts): string {
  const host = WILDCARD_HOSTS.has(parts.host) ? 'localhost' : parts.host;
  return `${parts.scheme}://${host}${parts.port === '' ? '' : `:${parts.port}`}${parts.rest}`;
}

/** Whether a developer would want to open it: a local server, or any host with an explicit port. */
function isServerUrl(parts: Parts): boolean {
  return parts.port !== '' || LOCAL_HOSTS.has(parts.host) || parts.host.endsWith('.localhost');
}

/** The server URLs in a line of plain text (ANSI already removed), normalised, each once, in order. */
export function findUrls(text: string): string[] {
  if (!text.includes('://')) return [];
  const found: string[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const url = trimTrailing(match[0]);
    const parts = split(url);
    if (parts === undefined || !isServerUrl(parts)) continue;
    const normal = normalFrom(parts);
    if (!found.includes(normal)) found.push(normal);
  }
  return found;
}
