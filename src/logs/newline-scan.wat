;; One pass over a chunk of bytes, 16 at a time (wasm SIMD): where its line feeds are, and whether it holds what
;; the line splitter and the error screen need to know about. This is the hot loop for plain output under a flood.
;; scripts/build-wasm.mjs turns this file into src/logs/newline-scan-module.ts; test/newline-scan.test.ts keeps
;; the two in step and checks every result against a plain JavaScript reference.
(module
  (memory (export "memory") 80)
  ;; Set by each scan, one bit per finding anywhere in the bytes scanned:
  ;;   1  a carriage return (13);
  ;;   2  an escape (27), a colon (58), or one of the byte pairs that every error mark contains
  ;;      (MARK_PAIRS in src/logs/newline-scan.ts: RR FA Fa Tr Mo ni rr): the error screen must look.
  (global $flags (export "flags") (mut i32) (i32.const 0))

  ;; Scans bytes [start, end) of memory and writes the offset of every line feed (10), in order, as u32s from
  ;; `out` on. Returns how many it wrote.
  (func (export "scan") (param $start i32) (param $end i32) (param $out i32) (result i32)
    (local $i i32) (local $o i32) (local $mask i32) (local $b i32) (local $pair i32) (local $f i32)
    (local $v v128) (local $w v128) (local $cr v128) (local $look v128)
    (local $lov v128) (local $hiv v128) (local $low v128) (local $hiw v128) (local $nibble v128)
    ;; Pairs are found by nibble tables (the "shufti" technique): byte b is in class k when bit k is set in both
    ;; lo[b & 15] and hi[b >> 4]. Class k (0–6) of a byte and class k of the byte after it together are pair k;
    ;; each class holds one byte value, so this is exact. Bit 7 of the first byte's tables is the escape, and
    ;; every byte is in class 7 of the second byte's tables, so an escape alone lights bit 7.
    (local.set $lov (v128.const i8x16 0 0 65 0 8 0 6 0 0 0 0 -128 0 16 32 0))
    (local.set $hiv (v128.const i8x16 0 -128 0 0 22 9 32 64 0 0 0 0 0 0 0 0))
    (local.set $low (v128.const i8x16 -128 -122 -55 -128 -128 -128 -128 -128 -128 -96 -128 -128 -128 -128 -128 -112))
    (local.set $hiw (v128.const i8x16 -128 -128 -128 -128 -126 -127 -76 -56 -128 -128 -128 -128 -128 -128 -128 -128))
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
        (local.set $look (v128.or (local.get $look) (v128.or
          (i8x16.eq (local.get $v) (i8x16.splat (i32.const 58)))
          (v128.and
            (v128.and
              (i8x16.swizzle (local.get $lov) (v128.and (local.get $v) (local.get $nibble)))
              (i8x16.swizzle (local.get $hiv) (i8x16.shr_u (local.get $v) (i32.const 4))))
            (v128.and
              (i8x16.swizzle (local.get $low) (v128.and (local.get $w) (local.get $nibble)))
              (i8x16.swizzle (local.get $hiw) (i8x16.shr_u (local.get $w) (i32.const 4))))))))
        ;; One bit per byte that is a line feed; each set bit is taken lowest first.
        (local.set $mask (i8x16.bitmask (i8x16.eq (local.get $v) (i8x16.splat (i32.const 10)))))
        (block $bits_done
          (loop $bits
            (br_if $bits_done (i32.eqz (local.get $mask)))
            (i32.store (local.get $o) (i32.add (local.get $i) (i32.ctz (local.get $mask))))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (local.set $mask (i32.and (local.get $mask) (i32.sub (local.get $mask) (i32.const 1))))
            (br $bits)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vectors)))
    (if (v128.any_true (local.get $cr)) (then (local.set $f (i32.const 1))))
    (if (v128.any_true (local.get $look)) (then (local.set $f (i32.or (local.get $f) (i32.const 2)))))
    ;; The last 1–16 bytes, one at a time.
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $b (i32.load8_u (local.get $i)))
        (if (i32.eq (local.get $b) (i32.const 10))
          (then
            (i32.store (local.get $o) (local.get $i))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))))
        (if (i32.eq (local.get $b) (i32.const 13)) (then (local.set $f (i32.or (local.get $f) (i32.const 1)))))
        ;; This byte and the next as one little-endian 16-bit value (the last byte has no next: 0).
        (local.set $pair (local.get $b))
        (if (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $end))
          (then (local.set $pair (i32.load16_u (local.get $i)))))
        (if (i32.or (i32.or (i32.eq (local.get $b) (i32.const 27)) (i32.eq (local.get $b) (i32.const 58)))
              (i32.or (i32.or (i32.or (i32.eq (local.get $pair) (i32.const 0x5252))     ;; RR
                                      (i32.eq (local.get $pair) (i32.const 0x4146)))    ;; FA
                              (i32.or (i32.eq (local.get $pair) (i32.const 0x6146))     ;; Fa
                                      (i32.eq (local.get $pair) (i32.const 0x7254))))   ;; Tr
                      (i32.or (i32.or (i32.eq (local.get $pair) (i32.const 0x6f4d))     ;; Mo
                                      (i32.eq (local.get $pair) (i32.const 0x696e)))    ;; ni
                              (i32.eq (local.get $pair) (i32.const 0x7272)))))          ;; rr
          (then (local.set $f (i32.or (local.get $f) (i32.const 2)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (global.set $flags (local.get $f))
    (i32.shr_u (i32.sub (local.get $o) (local.get $out)) (i32.const 2))))
