/**
 * The one definition of a terminal escape sequence in brum (ECMA-48 shapes, as strip-ansi 7 / ansi-regex 6.6 read
 * them). Every reader that removes or keeps escapes builds on these sources, so they cannot drift apart:
 * - search (`ansi.ts` `plainText`): complete {@link SEQUENCE_SOURCE}s only, exactly what strip-ansi removes
 *   (a property test holds it to that), so a search finds what any strip-ansi based tool would;
 * - the detectors (`detectors/plain-text.ts`) and the TUI (`components/sanitize.ts`): {@link VISIBLE_SOURCE}, which
 *   also removes what is left of a sequence that the end of the line or a stray control cut short, so a child
 *   cannot leak half a sequence onto brum's screen, and an error is read as the screen shows it;
 * - search's raw prefilter (`ansi.ts` `escapeTolerantSource`): {@link SEQUENCE_RUN_LOOSE_SOURCE}, a cheap superset.
 * Sources are for regexes without the `u` flag: they work on UTF-16 code units, as the line strings are.
 */

/** String Terminator: ESC \ or the C1 ST. */
const ST = String.raw`(?:\x1b\\|\x9c)`;
/** Bytes a control string's payload cannot hold: CAN and SUB cancel it, ESC and C1 controls abort it. */
const STRING_STOPS = String.raw`\x18\x1a\x1b\x80-\x9f`;
/** OSC: ESC ] or C1 OSC. */
const OSC_START = String.raw`(?:\x1b\]|\x9d)`;
/** DCS, SOS, PM, APC (and screen's `ESC k` title), 7-bit or C1. */
const STRING_START = String.raw`(?:\x1b[PX^_k]|[\x90\x98\x9e\x9f])`;
/** CSI: ESC [ or C1 CSI, then parameter bytes 0x30–0x3f, intermediate bytes 0x20–0x2f, a final byte 0x40–0x7e. */
const CSI_START = String.raw`(?:\x1b\[|\x9b)`;
const CSI_BODY = String.raw`[0-?]*[ -/]*`;
const CSI = String.raw`${CSI_START}${CSI_BODY}[@-~]`;
/** OSC ends at BEL or ST; its payload stops at a control that would abort it. */
const OSC = String.raw`${OSC_START}[^\x07${STRING_STOPS}]*(?:\x07|${ST})`;
const CONTROL_STRING = String.raw`${STRING_START}[^${STRING_STOPS}]*${ST}`;
/**
 * Linux console palette: fixed length, no terminator (an adjacent one is consumed). Before OSC, so a later BEL
 * cannot turn the text after it into an OSC payload.
 */
const LINUX_PALETTE = String.raw`\x1b\](?:P[\dA-Fa-f]{7}|R)(?:\x07|${ST})?`;
/**
 * nF escapes (intermediates then a final byte: `ESC ( B`, `ESC # 8`) and the two-byte escapes terminals act on
 * (`ESC 7`, `ESC c`, `ESC =`…). The two-byte class is narrow, so ESC before an arbitrary character is not taken
 * for a sequence.
 */
const SHORT = String.raw`\x1b(?:[ -/]+[0-~]|[\dA-PR-TZcf-oq-uy=><~|}])`;

/**
 * One complete escape sequence. CSI comes first because nearly every sequence in real output is one (colours), and
 * its introducer is shared with no other branch, so the order changes only the speed; the palette must stay before
 * OSC, and control strings before SHORT (`ESC P`, `ESC k` are also two-byte escapes).
 */
export const SEQUENCE_SOURCE = [CSI, LINUX_PALETTE, OSC, CONTROL_STRING, SHORT].join('|');

/**
 * What is left of a sequence that never completed: a CSI without its final byte, a control string without its
 * terminator (up to the control that aborted it, or the end of the line), a lone ESC (with any intermediates).
 * Only meaningful where no {@link SEQUENCE_SOURCE} matches, which is why it is always tried second.
 */
export const PARTIAL_SOURCE = [
  String.raw`${CSI_START}${CSI_BODY}`,
  String.raw`(?:${OSC_START}|${STRING_START})[^${STRING_STOPS}]*`,
  String.raw`\x1b[ -/]*`,
].join('|');

/** A sequence or, failing that, what is left of one: everything a screen must not show. */
export const VISIBLE_SOURCE = `${SEQUENCE_SOURCE}|${PARTIAL_SOURCE}`;

/**
 * Zero or more sequences back to back, loosely: a precise CSI branch for the common case and, for the rare other
 * kinds, an introducer and a body that holds neither ESC nor a C1 control (sequences only ever have those in their
 * terminator). It accepts every run of {@link SEQUENCE_SOURCE} (a property test holds it to that) and may accept
 * more, which only costs a caller a recheck; it is much cheaper to try between every two characters of a literal.
 */
export const SEQUENCE_RUN_LOOSE_SOURCE = String.raw`(?:${CSI}|(?:\x1b[^[]|[\x80-\x9f])[^\x1b\x80-\x9f]*${ST}?)*`;

/** ESC or any C1 control: text without one holds no sequence and nothing of one. */
export const INTRODUCERS_SOURCE = String.raw`[\x1b\x80-\x9f]`;

/**
 * True when `text` may hold a sequence: a 7-bit ESC or an 8-bit CSI. This is strip-ansi's own shortcut, kept so
 * `plainText` stays exactly strip-ansi; a line whose only introducer is another C1 control counts as plain here.
 */
export function mayHaveAnsi(text: string): boolean {
  return text.indexOf('\x1b') !== -1 || text.indexOf('\u009b') !== -1;
}

const SEQUENCE_G = new RegExp(SEQUENCE_SOURCE, 'g');
const VISIBLE_G = new RegExp(VISIBLE_SOURCE, 'g');
const VISIBLE_AT = new RegExp(VISIBLE_SOURCE, 'y');

/** `text` without its complete sequences (search's reading, see the header). */
export function removeSequences(text: string): string {
  return text.replace(SEQUENCE_G, '');
}

/** `text` without sequences or the remains of one (the screen's and the detectors' reading). */
export function removeEscapes(text: string): string {
  return text.replace(VISIBLE_G, '');
}

/**
 * The tokenizer for readers that walk a line themselves (the TUI keeps SGR): the index just after the sequence,
 * or the remains of one, that starts at `at`; `at` itself when nothing of one starts there (a C1 control that
 * introduces nothing, or an ordinary character).
 */
export function escapeEnd(text: string, at: number): number {
  VISIBLE_AT.lastIndex = at;
  return VISIBLE_AT.test(text) ? VISIBLE_AT.lastIndex : at;
}
