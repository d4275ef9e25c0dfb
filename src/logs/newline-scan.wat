;; One pass over a chunk of bytes, 16 at a time (wasm SIMD): where its line feeds are, and which of its lines the
;; error and URL detectors could want. This is the hot loop for output under a flood, and what makes detection cost
;; the same whatever ordinary lines contain (timestamps, colons, digits, colours).
;; scripts/build-wasm.mjs turns this file into src/logs/newline-scan-module.ts; test/newline-scan.test.ts keeps
;; the two in step and checks every result against a plain JavaScript reference and the detectors themselves.
(module
  ;; Input at [0, 1 MiB), then 64 bytes the scan zeroes past its end, then the offsets it writes (newline-scan.ts).
  (memory (export "memory") 81)
  ;; Set by each scan, one bit per finding anywhere in the bytes scanned:
  ;;   1  a carriage return (13);
  ;;   2  at least one line feed was written with LOOK set;
  ;;   4  an escape (27);
  ;;   8  a byte of 128 or more (the bytes are not all ASCII).
  (global $flags (export "flags") (mut i32) (i32.const 0))

  ;; The scan's constants. They are mutable globals, read once per call, only so that V8 cannot fold them: given
  ;; a v128.const, TurboFan (Node 20) rebuilds it inside the loop on every use, 2–4 instructions each, which cost
  ;; about as much as the looks themselves (docs/performance.md, L2e).
  ;; Pairs are found by nibble tables (the "shufti" technique): byte b is in class k when bit k is set in both
  ;; lo[b & 15] and hi[b >> 4]. Class k of a byte (tables 1) and class k of the byte after it (tables 2) make pair k:
  ;;   0 {R r}{R r}   1 {F}{A a}   2 {T}{r}   3 {M}{o}   4 {c}{: ESC}   5 {E2 ESC}{A8 ]}   6 {:}{/}   7 {:}{0–9}
  ;; A class holds every byte whose nibbles it holds, so some classes find a few more pairs than they were made
  ;; for (CROSS_PAIRS in newline-scan.ts): all rare, and a look too many only has a detector read a line for nothing.
  ;; Class 6 (":/") is left out of $lo1NoUrls. Class 7 (a colon before a digit) is no look itself: it is in bit 7,
  ;; so a bitmask reads it apart from the others.
  (global $lo1 (mut v128) (v128.const i8x16 0 0 33 16 4 0 2 0 0 0 -64 32 0 8 0 0))
  (global $lo1NoUrls (mut v128) (v128.const i8x16 0 0 33 16 4 0 2 0 0 0 -128 32 0 8 0 0))
  (global $hi1 (mut v128) (v128.const i8x16 0 32 0 -64 10 5 16 1 0 0 0 0 0 0 32 0))
  (global $lo2 (mut v128) (v128.const i8x16 -128 -126 -123 -128 -128 -128 -128 -128 -96 -128 16 16 0 32 0 72))
  (global $hi2 (mut v128) (v128.const i8x16 0 16 64 -112 2 33 10 5 0 0 32 0 0 0 0 0))
  (global $splat15 (mut v128) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
  (global $splat127 (mut v128) (v128.const i8x16 127 127 127 127 127 127 127 127 127 127 127 127 127 127 127 127))
  (global $splatCR (mut v128) (v128.const i8x16 13 13 13 13 13 13 13 13 13 13 13 13 13 13 13 13))
  (global $splatESC (mut v128) (v128.const i8x16 27 27 27 27 27 27 27 27 27 27 27 27 27 27 27 27))
  (global $splatLF (mut v128) (v128.const i8x16 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10))

  ;; Scans bytes [start, end) of memory and writes the offset of every line feed (10), in order, as u32s from
  ;; `out` on. Returns how many it wrote. Bit 31 of an offset (LOOK) is set when the line that ends there holds
  ;; something a detector looks for:
  ;;   - a byte pair out of every error mark (MARK_PAIRS in newline-scan.ts: RR FA Fa Tr Mo c: rr), or E2 A8 (the
  ;;     first two bytes of ⨯ in UTF-8);
  ;;   - ":/" (a URL has "://"), or ESC "]" (an operating-system command, which hides what follows it);
  ;;   - "c" ESC: a colour code between "panic" and its ":" ("panic\x1b[1m: boom" reads "panic: boom") hides "c:";
  ;;   - an end that reads `:digits` once escape sequences are removed (a `file.js:12` header): see $endLook, asked
  ;;     only about lines that hold a colon before a digit, or an escape;
  ;;   - the class mates of these pairs (above).
  ;; A line without any of these starts no error group and holds no URL, so it need not be read at all.
  ;; `urls` 0 leaves ":/" out of the looks (the detectors already hold all the URLs they keep).
  ;; The 32 bytes after `end` are zeroed, so the last bytes take the vector path too: a zero is in no class and
  ;; is neither a line feed nor any byte a flag counts.
  (func $scan (export "scan") (param $start i32) (param $end i32) (param $out i32) (param $urls i32) (result i32)
    (local $i i32) (local $o i32) (local $nl i32) (local $lm i32) (local $em i32) (local $cm i32) (local $t i32)
    (local $low i32) (local $pend i32) (local $pesc i32) (local $pcd i32) (local $look i32) (local $f i32)
    (local $cr i32) (local $esc i32) (local $high i32)
    (local $v v128) (local $w v128) (local $r v128) (local $pendv v128)
    (local $lo1 v128) (local $hi1 v128) (local $lo2 v128) (local $hi2 v128)
    (local $k15 v128) (local $k127 v128) (local $kCR v128) (local $kESC v128) (local $kLF v128)
    (local.set $lo1 (select (global.get $lo1) (global.get $lo1NoUrls) (local.get $urls)))
    (local.set $hi1 (global.get $hi1))
    (local.set $lo2 (global.get $lo2))
    (local.set $hi2 (global.get $hi2))
    (local.set $k15 (global.get $splat15))
    (local.set $k127 (global.get $splat127))
    (local.set $kCR (global.get $splatCR))
    (local.set $kESC (global.get $splatESC))
    (local.set $kLF (global.get $splatLF))
    (v128.store (local.get $end) (v128.const i64x2 0 0))
    (v128.store offset=16 (local.get $end) (v128.const i64x2 0 0))
    (local.set $i (local.get $start))
    (local.set $o (local.get $out))
    (block $vectors_done
      (loop $vectors
        (br_if $vectors_done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $v (v128.load (local.get $i)))
        (local.set $w (v128.load offset=1 (local.get $i)))
        (local.set $cr (i32.or (local.get $cr) (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $kCR)))))
        (local.set $em (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $kESC))))
        (local.set $esc (i32.or (local.get $esc) (local.get $em)))
        (local.set $high (i32.or (local.get $high) (i8x16.bitmask (local.get $v))))
        ;; Lane k of $r: the pair classes that the byte at k and the byte after it make (shufti, above).
        (local.set $r (v128.and
          (v128.and
            (i8x16.swizzle (local.get $lo1) (v128.and (local.get $v) (local.get $k15)))
            (i8x16.swizzle (local.get $hi1) (v128.and (i16x8.shr_u (local.get $v) (i32.const 4)) (local.get $k15))))
          (v128.and
            (i8x16.swizzle (local.get $lo2) (v128.and (local.get $w) (local.get $k15)))
            (i8x16.swizzle (local.get $hi2) (v128.and (i16x8.shr_u (local.get $w) (i32.const 4)) (local.get $k15))))))
        (local.set $nl (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $kLF))))
        ;; Most vectors hold no line feed: what they found is only remembered for the line they are part of.
        (if (i32.eqz (local.get $nl))
          (then
            (local.set $pendv (v128.or (local.get $pendv) (local.get $r)))
            (local.set $pesc (i32.or (local.get $pesc) (local.get $em)))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $vectors)))
        (local.set $pend (i32.or (local.get $pend) (v128.any_true (v128.and (local.get $pendv) (local.get $k127)))))
        (local.set $pcd (i32.or (local.get $pcd) (i8x16.bitmask (local.get $pendv))))
        (local.set $pendv (v128.const i64x2 0 0))
        (local.set $lm (i8x16.bitmask (i8x16.gt_s (v128.and (local.get $r) (local.get $k127)) (v128.const i64x2 0 0))))
        (local.set $cm (i8x16.bitmask (local.get $r)))
        ;; One bit per byte that is a line feed; each is taken lowest first, and what the lanes before it found
        ;; (and what earlier vectors found since the last line feed) belongs to the line it ends.
        (block $bits_done
          (loop $bits
            (br_if $bits_done (i32.eqz (local.get $nl)))
            (local.set $t (i32.ctz (local.get $nl)))
            (local.set $low (i32.sub (i32.shl (i32.const 1) (local.get $t)) (i32.const 1)))
            (local.set $look (i32.or (local.get $pend) (i32.and (local.get $lm) (local.get $low))))
            (local.set $pesc (i32.or (local.get $pesc) (i32.and (local.get $em) (local.get $low))))
            (local.set $pcd (i32.or (local.get $pcd) (i32.and (local.get $cm) (local.get $low))))
            (if (i32.and (i32.eqz (local.get $look)) (i32.ne (i32.or (local.get $pesc) (local.get $pcd)) (i32.const 0)))
              (then (local.set $look (call $endLook (i32.add (local.get $i) (local.get $t)) (local.get $start) (i32.ne (local.get $pesc) (i32.const 0))))))
            (local.set $look (i32.ne (local.get $look) (i32.const 0)))
            (i32.store (local.get $o) (i32.or (i32.add (local.get $i) (local.get $t)) (i32.shl (local.get $look) (i32.const 31))))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (local.set $f (i32.or (local.get $f) (i32.shl (local.get $look) (i32.const 1))))
            ;; Forget this line's lanes and the line feed itself.
            (local.set $low (i32.xor (i32.or (local.get $low) (i32.shl (i32.const 1) (local.get $t))) (i32.const -1)))
            (local.set $lm (i32.and (local.get $lm) (local.get $low)))
            (local.set $em (i32.and (local.get $em) (local.get $low)))
            (local.set $cm (i32.and (local.get $cm) (local.get $low)))
            (local.set $pend (i32.const 0))
            (local.set $pesc (i32.const 0))
            (local.set $pcd (i32.const 0))
            (local.set $nl (i32.and (local.get $nl) (i32.sub (local.get $nl) (i32.const 1))))
            (br $bits)))
        (local.set $pend (local.get $lm))
        (local.set $pesc (local.get $em))
        (local.set $pcd (local.get $cm))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vectors)))
    (if (local.get $cr) (then (local.set $f (i32.or (local.get $f) (i32.const 1)))))
    (if (local.get $esc) (then (local.set $f (i32.or (local.get $f) (i32.const 4)))))
    (if (local.get $high) (then (local.set $f (i32.or (local.get $f) (i32.const 8)))))
    (global.set $flags (local.get $f))
    (i32.shr_u (i32.sub (local.get $o) (local.get $out)) (i32.const 2)))

  ;; Whether the line ending at line feed `nl` could read `…:digits` once escapes are removed, looking back no
  ;; further than `start`. `esc`: the line holds an escape. Reading back past `start` answers yes (the line began
  ;; before this chunk, and the caller screens such lines itself). With escapes, it answers yes whenever an escape
  ;; might sit between the colon and the digits, or end the line in a form it does not walk back over.
  (func $endLook (param $nl i32) (param $start i32) (param $esc i32) (result i32)
    (local $p i32) (local $q i32) (local $b i32)
    (local.set $p (i32.sub (local.get $nl) (i32.const 1)))
    (if (local.get $esc)
      (then
        (block $codes_done
          (loop $codes
            (if (i32.lt_s (local.get $p) (local.get $start)) (then (return (i32.const 1))))
            (local.set $b (i32.load8_u (local.get $p)))
            ;; A lone escape at the end is dropped; BEL or ESC \ end an operating-system command: don't guess.
            (if (i32.eq (local.get $b) (i32.const 27)) (then (local.set $p (i32.sub (local.get $p) (i32.const 1))) (br $codes)))
            (if (i32.or (i32.eq (local.get $b) (i32.const 7)) (i32.eq (local.get $b) (i32.const 92))) (then (return (i32.const 1))))
            (br_if $codes_done (i32.or (i32.lt_u (local.get $b) (i32.const 64)) (i32.gt_u (local.get $b) (i32.const 126))))
            ;; ESC x, and ESC ( x (charset selections). Nested ifs: i32.and would read before the bound check.
            (if (i32.ge_s (i32.sub (local.get $p) (i32.const 1)) (local.get $start))
              (then
                (if (i32.eq (i32.load8_u (i32.sub (local.get $p) (i32.const 1))) (i32.const 27))
                  (then (local.set $p (i32.sub (local.get $p) (i32.const 2))) (br $codes)))))
            (if (i32.ge_s (i32.sub (local.get $p) (i32.const 2)) (local.get $start))
              (then
                (if (i32.and (i32.eq (i32.load8_u (i32.sub (local.get $p) (i32.const 2))) (i32.const 27))
                      (call $isCharset (i32.load8_u (i32.sub (local.get $p) (i32.const 1)))))
                  (then (local.set $p (i32.sub (local.get $p) (i32.const 3))) (br $codes)))))
            ;; ESC [ parameters intermediates final.
            (local.set $q (i32.sub (local.get $p) (i32.const 1)))
            (block $params_done
              (loop $params
                (br_if $params_done (i32.lt_s (local.get $q) (local.get $start)))
                (local.set $b (i32.load8_u (local.get $q)))
                (br_if $params_done (i32.or (i32.lt_u (local.get $b) (i32.const 32)) (i32.gt_u (local.get $b) (i32.const 63))))
                (local.set $q (i32.sub (local.get $q) (i32.const 1)))
                (br $params)))
            (br_if $codes_done (i32.lt_s (i32.sub (local.get $q) (i32.const 1)) (local.get $start)))
            (br_if $codes_done (i32.ne (i32.load8_u (local.get $q)) (i32.const 91)))
            (br_if $codes_done (i32.ne (i32.load8_u (i32.sub (local.get $q) (i32.const 1))) (i32.const 27)))
            (local.set $p (i32.sub (local.get $q) (i32.const 2)))
            (br $codes)))))
    (if (i32.lt_s (local.get $p) (local.get $start)) (then (return (i32.const 1))))
    (if (i32.eqz (call $isDigit (i32.load8_u (local.get $p)))) (then (return (i32.const 0))))
    (block $digits_done
      (loop $digits
        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
        (if (i32.lt_s (local.get $p) (local.get $start)) (then (return (i32.const 1))))
        (local.set $b (i32.load8_u (local.get $p)))
        (br_if $digits (call $isDigit (local.get $b)))))
    (if (i32.eq (local.get $b) (i32.const 58)) (then (return (i32.const 1))))
    (i32.and (local.get $esc) (i32.and (i32.ne (local.get $b) (i32.const 32)) (i32.ne (local.get $b) (i32.const 9)))))

  (func $isDigit (param $b i32) (result i32)
    (i32.lt_u (i32.sub (local.get $b) (i32.const 48)) (i32.const 10)))

  (func $isCharset (param $b i32) (result i32)
    (i32.or (i32.or (i32.eq (local.get $b) (i32.const 40)) (i32.eq (local.get $b) (i32.const 41))) (i32.eq (local.get $b) (i32.const 35))))

  ;; The same line feeds and flags without any of the looks, for the benches only: what the splitter would need
  ;; from a scan if no detector read any line, so the difference to `scan` is what deciding the looks costs. It
  ;; takes the same care over constants and the end as `scan`, so that difference is the looks alone.
  (func $linesOnly (export "linesOnly") (param $start i32) (param $end i32) (param $out i32) (result i32)
    (local $i i32) (local $o i32) (local $nl i32) (local $f i32) (local $cr i32) (local $esc i32) (local $high i32)
    (local $v v128) (local $kCR v128) (local $kESC v128) (local $kLF v128)
    (local.set $kCR (global.get $splatCR))
    (local.set $kESC (global.get $splatESC))
    (local.set $kLF (global.get $splatLF))
    (v128.store (local.get $end) (v128.const i64x2 0 0))
    (local.set $i (local.get $start))
    (local.set $o (local.get $out))
    (block $vectors_done
      (loop $vectors
        (br_if $vectors_done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $v (v128.load (local.get $i)))
        (local.set $cr (i32.or (local.get $cr) (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $kCR)))))
        (local.set $esc (i32.or (local.get $esc) (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $kESC)))))
        (local.set $high (i32.or (local.get $high) (i8x16.bitmask (local.get $v))))
        (local.set $nl (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $kLF))))
        (block $bits_done
          (loop $bits
            (br_if $bits_done (i32.eqz (local.get $nl)))
            (i32.store (local.get $o) (i32.add (local.get $i) (i32.ctz (local.get $nl))))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (local.set $nl (i32.and (local.get $nl) (i32.sub (local.get $nl) (i32.const 1))))
            (br $bits)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vectors)))
    (if (local.get $cr) (then (local.set $f (i32.or (local.get $f) (i32.const 1)))))
    (if (local.get $esc) (then (local.set $f (i32.or (local.get $f) (i32.const 4)))))
    (if (local.get $high) (then (local.set $f (i32.or (local.get $f) (i32.const 8)))))
    (global.set $flags (local.get $f))
    (i32.shr_u (i32.sub (local.get $o) (local.get $out)) (i32.const 2))))
