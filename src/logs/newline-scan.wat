;; One pass over a chunk of bytes, 16 at a time (wasm SIMD): where its line feeds are, and which of its lines the
;; error and URL detectors could want. This is the hot loop for output under a flood, and what makes detection cost
;; the same whatever ordinary lines contain (timestamps, colons, digits, colours).
;; scripts/build-wasm.mjs turns this file into src/logs/newline-scan-module.ts; test/newline-scan.test.ts keeps
;; the two in step and checks every result against a plain JavaScript reference and the detectors themselves.
(module
  (memory (export "memory") 80)
  ;; Set by each scan, one bit per finding anywhere in the bytes scanned:
  ;;   1  a carriage return (13);
  ;;   2  at least one line feed was written with LOOK set;
  ;;   4  an escape (27);
  ;;   8  a byte of 128 or more (the bytes are not all ASCII).
  (global $flags (export "flags") (mut i32) (i32.const 0))

  ;; Scans bytes [start, end) of memory and writes the offset of every line feed (10), in order, as u32s from
  ;; `out` on. Returns how many it wrote. Bit 31 of an offset (LOOK) is set when the line that ends there holds
  ;; something a detector looks for:
  ;;   - a byte pair out of every error mark (MARK_PAIRS in newline-scan.ts: RR FA Fa Tr Mo c: rr, and with them
  ;;     Rr and rR), or E2 A8 (the first two bytes of ⨯ in UTF-8);
  ;;   - ":/" (a URL has "://"), or ESC "]" (an operating-system command, which hides what follows it);
  ;;   - "c" ESC: a colour code between "panic" and its ":" ("panic\x1b[1m: boom" reads "panic: boom") hides "c:";
  ;;   - an end that reads `:digits` once escape sequences are removed (a `file.js:12` header): see $endLook, asked
;;     only about lines that hold a colon before a digit, or an escape.
  ;; A line without any of these starts no error group and holds no URL, so it need not be read at all.
  ;; `urls` 0 leaves ":/" out of the looks (the detectors already hold all the URLs they keep).
  (func $scan (export "scan") (param $start i32) (param $end i32) (param $out i32) (param $urls i32) (result i32)
    (local $i i32) (local $o i32) (local $nl i32) (local $lm i32) (local $em i32) (local $t i32) (local $low i32)
    (local $pend i32) (local $pesc i32) (local $look i32) (local $f i32) (local $b i32)
    (local $v v128) (local $w v128) (local $cr v128) (local $esc v128) (local $escAll v128) (local $hiAll v128) (local $lookv v128)
    (local $pendv v128) (local $pescv v128) (local $cdv v128) (local $pcdv v128) (local $cm i32) (local $pcd i32)
    (local $lo1 v128) (local $hi1 v128) (local $lo2 v128) (local $hi2 v128) (local $nibble v128)
    ;; Pairs are found by nibble tables (the "shufti" technique): byte b is in class k when bit k is set in both
    ;; lo[b & 15] and hi[b >> 4]. Class k (0–7) of a byte and class k of the byte after it together are pair k:
    ;;   0 {R r}{R r}   1 {F}{A a}   2 {T}{r}   3 {M}{o}   4 {c}{:}   5 {E2}{A8}   6 {:}{/}   7 {ESC}{]}
    ;; Each class's bytes are exactly the product of its nibbles, so this finds exactly those pairs (class 0 also
    ;; finds Rr and rR: rare, and a look too many is only a line read for nothing). Class 6 (":/") is cleared from
    ;; the table when `urls` is 0.
    (local.set $lo1 (v128.and (v128.const i8x16 0 0 33 16 4 0 2 0 0 0 64 -128 0 8 0 0)
      (i8x16.splat (select (i32.const -1) (i32.const -65) (local.get $urls)))))
    (local.set $hi1 (v128.const i8x16 0 -128 0 64 10 5 16 1 0 0 0 0 0 0 32 0))
    (local.set $lo2 (v128.const i8x16 0 2 5 0 0 0 0 0 32 0 16 0 0 -128 0 72))
    (local.set $hi2 (v128.const i8x16 0 0 64 16 2 -127 10 5 0 0 32 0 0 0 0 0))
    (local.set $nibble (i8x16.splat (i32.const 15)))
    (local.set $i (local.get $start))
    (local.set $o (local.get $out))
    (block $vectors_done
      (loop $vectors
        ;; 17 bytes: a pair may start at the 16th.
        (br_if $vectors_done (i32.gt_u (i32.add (local.get $i) (i32.const 17)) (local.get $end)))
        (local.set $v (v128.load (local.get $i)))
        (local.set $w (v128.load offset=1 (local.get $i)))
        (local.set $cr (v128.or (local.get $cr) (i8x16.eq (local.get $v) (i8x16.splat (i32.const 13)))))
        (local.set $esc (i8x16.eq (local.get $v) (i8x16.splat (i32.const 27))))
        (local.set $escAll (v128.or (local.get $escAll) (local.get $esc)))
        (local.set $hiAll (v128.or (local.get $hiAll) (local.get $v)))
        ;; A lane is a pair when any class bit survives (bitmask reads only the top bit of a lane, hence the ne).
        (local.set $lookv (v128.or
          (i8x16.ne
            (v128.and
              (v128.and
                (i8x16.swizzle (local.get $lo1) (v128.and (local.get $v) (local.get $nibble)))
                (i8x16.swizzle (local.get $hi1) (i8x16.shr_u (local.get $v) (i32.const 4))))
              (v128.and
                (i8x16.swizzle (local.get $lo2) (v128.and (local.get $w) (local.get $nibble)))
                (i8x16.swizzle (local.get $hi2) (i8x16.shr_u (local.get $w) (i32.const 4)))))
            (v128.const i64x2 0 0))
          (v128.and (i8x16.eq (local.get $v) (i8x16.splat (i32.const 99))) (i8x16.eq (local.get $w) (i8x16.splat (i32.const 27))))))
        ;; A colon before a digit: only a line with one (or with an escape) can end in `:digits`.
        (local.set $cdv (v128.and (i8x16.eq (local.get $v) (i8x16.splat (i32.const 58)))
          (i8x16.lt_u (i8x16.sub (local.get $w) (i8x16.splat (i32.const 48))) (i8x16.splat (i32.const 10)))))
        (local.set $nl (i8x16.bitmask (i8x16.eq (local.get $v) (i8x16.splat (i32.const 10)))))
        ;; Most vectors hold no line feed: what they found is only remembered for the line they are part of.
        (if (i32.eqz (local.get $nl))
          (then
            (local.set $pendv (v128.or (local.get $pendv) (local.get $lookv)))
            (local.set $pescv (v128.or (local.get $pescv) (local.get $esc)))
            (local.set $pcdv (v128.or (local.get $pcdv) (local.get $cdv)))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $vectors)))
        (local.set $pend (i32.or (local.get $pend) (v128.any_true (local.get $pendv))))
        (local.set $pesc (i32.or (local.get $pesc) (v128.any_true (local.get $pescv))))
        (local.set $pendv (v128.const i64x2 0 0))
        (local.set $pcd (i32.or (local.get $pcd) (v128.any_true (local.get $pcdv))))
        (local.set $pescv (v128.const i64x2 0 0))
        (local.set $pcdv (v128.const i64x2 0 0))
        (local.set $lm (i8x16.bitmask (local.get $lookv)))
        (local.set $em (i8x16.bitmask (local.get $esc)))
        (local.set $cm (i8x16.bitmask (local.get $cdv)))
        ;; One bit per byte that is a line feed; each is taken lowest first, and what the lanes before it found
        ;; (and what earlier vectors found since the last line feed) belongs to the line it ends.
        (block $bits_done
          (loop $bits
            (br_if $bits_done (i32.eqz (local.get $nl)))
            (local.set $t (i32.ctz (local.get $nl)))
            (local.set $low (i32.sub (i32.shl (i32.const 1) (local.get $t)) (i32.const 1)))
            (local.set $look (i32.or (local.get $pend) (i32.ne (i32.and (local.get $lm) (local.get $low)) (i32.const 0))))
            (local.set $pesc (i32.or (local.get $pesc) (i32.ne (i32.and (local.get $em) (local.get $low)) (i32.const 0))))
            (local.set $pcd (i32.or (local.get $pcd) (i32.ne (i32.and (local.get $cm) (local.get $low)) (i32.const 0))))
            (if (i32.and (i32.eqz (local.get $look)) (i32.or (local.get $pesc) (local.get $pcd)))
              (then (local.set $look (call $endLook (i32.add (local.get $i) (local.get $t)) (local.get $start) (local.get $pesc)))))
            (local.set $o (call $put (local.get $o) (i32.add (local.get $i) (local.get $t)) (local.get $look)))
            (if (local.get $look) (then (local.set $f (i32.or (local.get $f) (i32.const 2)))))
            ;; Forget this line's lanes and the line feed itself.
            (local.set $low (i32.or (local.get $low) (i32.shl (i32.const 1) (local.get $t))))
            (local.set $lm (i32.and (local.get $lm) (i32.xor (local.get $low) (i32.const -1))))
            (local.set $em (i32.and (local.get $em) (i32.xor (local.get $low) (i32.const -1))))
            (local.set $cm (i32.and (local.get $cm) (i32.xor (local.get $low) (i32.const -1))))
            (local.set $pend (i32.const 0))
            (local.set $pesc (i32.const 0))
            (local.set $pcd (i32.const 0))
            (local.set $nl (i32.and (local.get $nl) (i32.sub (local.get $nl) (i32.const 1))))
            (br $bits)))
        (local.set $pend (i32.or (local.get $pend) (i32.ne (local.get $lm) (i32.const 0))))
        (local.set $pesc (i32.or (local.get $pesc) (i32.ne (local.get $em) (i32.const 0))))
        (local.set $pcd (i32.or (local.get $pcd) (i32.ne (local.get $cm) (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vectors)))
    (if (v128.any_true (local.get $cr)) (then (local.set $f (i32.or (local.get $f) (i32.const 1)))))
    (if (v128.any_true (local.get $escAll)) (then (local.set $f (i32.or (local.get $f) (i32.const 4)))))
    (if (i8x16.bitmask (local.get $hiAll)) (then (local.set $f (i32.or (local.get $f) (i32.const 8)))))
    (local.set $pend (i32.or (local.get $pend) (v128.any_true (local.get $pendv))))
    (local.set $pesc (i32.or (local.get $pesc) (v128.any_true (local.get $pescv))))
    (local.set $pcd (i32.or (local.get $pcd) (v128.any_true (local.get $pcdv))))
    ;; The last 1–16 bytes, one at a time, with the same rules.
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $b (i32.load8_u (local.get $i)))
        (if (i32.eq (local.get $b) (i32.const 10))
          (then
            (local.set $look (local.get $pend))
            (if (i32.and (i32.eqz (local.get $look)) (i32.or (local.get $pesc) (local.get $pcd)))
              (then (local.set $look (call $endLook (local.get $i) (local.get $start) (local.get $pesc)))))
            (local.set $o (call $put (local.get $o) (local.get $i) (local.get $look)))
            (if (local.get $look) (then (local.set $f (i32.or (local.get $f) (i32.const 2)))))
            (local.set $pend (i32.const 0))
            (local.set $pesc (i32.const 0))
            (local.set $pcd (i32.const 0))))
        (if (i32.eq (local.get $b) (i32.const 13)) (then (local.set $f (i32.or (local.get $f) (i32.const 1)))))
        (if (i32.ge_u (local.get $b) (i32.const 128)) (then (local.set $f (i32.or (local.get $f) (i32.const 8)))))
        (if (i32.eq (local.get $b) (i32.const 27))
          (then
            (local.set $pesc (i32.const 1))
            (local.set $f (i32.or (local.get $f) (i32.const 4)))))
        (if (call $startsLook (local.get $i) (local.get $end) (local.get $urls)) (then (local.set $pend (i32.const 1))))
        (if (i32.and (i32.eq (local.get $b) (i32.const 58)) (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $end)))
          (then (if (call $isDigit (i32.load8_u offset=1 (local.get $i))) (then (local.set $pcd (i32.const 1))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (global.set $flags (local.get $f))
    (i32.shr_u (i32.sub (local.get $o) (local.get $out)) (i32.const 2)))

  ;; Writes one line feed's offset, with LOOK in bit 31; returns where the next goes.
  (func $put (param $o i32) (param $at i32) (param $look i32) (result i32)
    (i32.store (local.get $o) (i32.or (local.get $at) (i32.shl (local.get $look) (i32.const 31))))
    (i32.add (local.get $o) (i32.const 4)))

  ;; The vector loop's lane test for the byte at `i` alone (for the tail): a pair, ":/", ESC "]" or "c" ESC starts here.
  (func $startsLook (param $i i32) (param $end i32) (param $urls i32) (result i32)
    (local $pair i32)
    (if (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $end)) (then (return (i32.const 0))))
    ;; This byte and the next as one little-endian 16-bit value.
    (local.set $pair (i32.load16_u (local.get $i)))
    (i32.or (i32.or (i32.or (i32.and (local.get $urls) (i32.eq (local.get $pair) (i32.const 0x2f3a)))     ;; :/
                    (i32.or (i32.eq (local.get $pair) (i32.const 0x7252))      ;; Rr
                            (i32.eq (local.get $pair) (i32.const 0x5272))))    ;; rR
    (i32.or (i32.or (i32.eq (local.get $pair) (i32.const 0x5252))     ;; RR
                            (i32.eq (local.get $pair) (i32.const 0x4146)))    ;; FA
                    (i32.or (i32.eq (local.get $pair) (i32.const 0x6146))     ;; Fa
                            (i32.eq (local.get $pair) (i32.const 0x7254))))   ;; Tr
            (i32.or (i32.or (i32.eq (local.get $pair) (i32.const 0x6f4d))     ;; Mo
                            (i32.eq (local.get $pair) (i32.const 0x3a63)))    ;; c:
                    (i32.or (i32.or (i32.eq (local.get $pair) (i32.const 0x7272))    ;; rr
                                    (i32.eq (local.get $pair) (i32.const 0xa8e2)))   ;; E2 A8
                            (i32.or (i32.eq (local.get $pair) (i32.const 0x5d1b))     ;; ESC ]
                                    (i32.eq (local.get $pair) (i32.const 0x1b63))))))))      ;; c ESC

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
  ;; from a scan if no detector read any line, so the difference to `scan` is what deciding the looks costs.
  (func $linesOnly (export "linesOnly") (param $start i32) (param $end i32) (param $out i32) (result i32)
    (local $i i32) (local $o i32) (local $nl i32) (local $b i32) (local $f i32)
    (local $v v128) (local $cr v128) (local $esc v128) (local $hi v128)
    (local.set $i (local.get $start))
    (local.set $o (local.get $out))
    (block $vectors_done
      (loop $vectors
        (br_if $vectors_done (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $end)))
        (local.set $v (v128.load (local.get $i)))
        (local.set $cr (v128.or (local.get $cr) (i8x16.eq (local.get $v) (i8x16.splat (i32.const 13)))))
        (local.set $esc (v128.or (local.get $esc) (i8x16.eq (local.get $v) (i8x16.splat (i32.const 27)))))
        (local.set $hi (v128.or (local.get $hi) (local.get $v)))
        (local.set $nl (i8x16.bitmask (i8x16.eq (local.get $v) (i8x16.splat (i32.const 10)))))
        (block $bits_done
          (loop $bits
            (br_if $bits_done (i32.eqz (local.get $nl)))
            (local.set $o (call $put (local.get $o) (i32.add (local.get $i) (i32.ctz (local.get $nl))) (i32.const 0)))
            (local.set $nl (i32.and (local.get $nl) (i32.sub (local.get $nl) (i32.const 1))))
            (br $bits)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vectors)))
    (if (v128.any_true (local.get $cr)) (then (local.set $f (i32.or (local.get $f) (i32.const 1)))))
    (if (v128.any_true (local.get $esc)) (then (local.set $f (i32.or (local.get $f) (i32.const 4)))))
    (if (i8x16.bitmask (local.get $hi)) (then (local.set $f (i32.or (local.get $f) (i32.const 8)))))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $b (i32.load8_u (local.get $i)))
        (if (i32.eq (local.get $b) (i32.const 10))
          (then (local.set $o (call $put (local.get $o) (local.get $i) (i32.const 0)))))
        (if (i32.eq (local.get $b) (i32.const 13)) (then (local.set $f (i32.or (local.get $f) (i32.const 1)))))
        (if (i32.eq (local.get $b) (i32.const 27)) (then (local.set $f (i32.or (local.get $f) (i32.const 4)))))
        (if (i32.ge_u (local.get $b) (i32.const 128)) (then (local.set $f (i32.or (local.get $f) (i32.const 8)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (global.set $flags (local.get $f))
    (i32.shr_u (i32.sub (local.get $o) (local.get $out)) (i32.const 2))))
