;; The headless writer's hot loop: `prefix + line + "\n"` for every line of a block, as bytes, in one pass of
;; 16-byte vector copies (wasm SIMD). Why: the writer copied every byte in a JavaScript loop, and on real log lines
;; (70–200 B) that loop was half of all of brum's CPU under a flood (bench/headless-vs-concurrently, corpora).
;; scripts/build-wasm.mjs turns this file into src/headless/prefix-lines-module.ts; test/prefix-lines.test.ts
;; checks every result against the writer's per-line reference.
(module
  (memory (export "memory") 16)

  ;; Copies `len` bytes from `from` to `to` in 16-byte stores. It may write up to 15 bytes past `to + len`: the
  ;; caller keeps that much slack after its output, and whatever lands there is overwritten by what comes next.
  (func $copy (param $to i32) (param $from i32) (param $len i32)
    (local $k i32)
    (block $done
      (loop $more
        (br_if $done (i32.ge_u (local.get $k) (local.get $len)))
        (v128.store (i32.add (local.get $to) (local.get $k)) (v128.load (i32.add (local.get $from) (local.get $k))))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $more))))

  ;; Writes `pre`, then bytes [src, src + len) with `pre` after every line feed, then a final line feed, from `dst`
  ;; on; returns where the output ends. With `reset` set, a line that holds an escape (27) gets ESC [ 0 m before its
  ;; line feed, so a child's unterminated colour cannot bleed into the next prefix. Bytes are never looked at as
  ;; characters, so UTF-8 passes through unchanged (a line feed byte is never part of a multi-byte sequence).
  ;; The caller keeps 16 bytes of slack after the input and after the output.
  (func $prefix (export "prefix") (param $src i32) (param $len i32) (param $pre i32) (param $plen i32) (param $dst i32)
      (param $reset i32) (result i32)
    (local $i i32) (local $end i32) (local $d i32) (local $nl i32) (local $esc i32) (local $em i32) (local $t i32)
    (local $b i32) (local $v v128)
    (local.set $i (local.get $src))
    (local.set $end (i32.add (local.get $src) (local.get $len)))
    (call $copy (local.get $dst) (local.get $pre) (local.get $plen))
    (local.set $d (i32.add (local.get $dst) (local.get $plen)))
    (block $vectors_done
      (loop $vectors
        (br_if $vectors_done (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $end)))
        (local.set $v (v128.load (local.get $i)))
        (v128.store (local.get $d) (local.get $v))
        (local.set $nl (i8x16.bitmask (i8x16.eq (local.get $v) (i8x16.splat (i32.const 10)))))
        (if (local.get $reset)
          (then (local.set $em (i8x16.bitmask (i8x16.eq (local.get $v) (i8x16.splat (i32.const 27)))))))
        (if (i32.eqz (local.get $nl))
          (then
            (local.set $esc (i32.or (local.get $esc) (local.get $em)))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (local.set $d (i32.add (local.get $d) (i32.const 16)))
            (br $vectors)))
        ;; The first line feed ends this line: keep the bytes before it, then the break and the prefix, and go on
        ;; from the byte after it (the rest of this vector is read again by the next step).
        (local.set $t (i32.ctz (local.get $nl)))
        (local.set $esc (i32.or (local.get $esc)
          (i32.and (local.get $em) (i32.sub (i32.shl (i32.const 1) (local.get $t)) (i32.const 1)))))
        (local.set $d (i32.add (local.get $d) (local.get $t)))
        (local.set $i (i32.add (local.get $i) (i32.add (local.get $t) (i32.const 1))))
        (local.set $d (call $lineEnd (local.get $d) (local.get $esc) (local.get $pre) (local.get $plen)))
        (local.set $esc (i32.const 0))
        (br $vectors)))
    ;; The last 0–15 bytes, one at a time.
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $b (i32.load8_u (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (if (i32.eq (local.get $b) (i32.const 10))
          (then
            (local.set $d (call $lineEnd (local.get $d) (local.get $esc) (local.get $pre) (local.get $plen)))
            (local.set $esc (i32.const 0))
            (br $tail)))
        (i32.store8 (local.get $d) (local.get $b))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (if (i32.and (local.get $reset) (i32.eq (local.get $b) (i32.const 27))) (then (local.set $esc (i32.const 1))))
        (br $tail)))
    (if (local.get $esc) (then (local.set $d (call $reset (local.get $d)))))
    (i32.store8 (local.get $d) (i32.const 10))
    (i32.add (local.get $d) (i32.const 1)))

  ;; Ends a line at `d` (the reset if it held an escape, the break) and starts the next with the prefix.
  (func $lineEnd (param $d i32) (param $esc i32) (param $pre i32) (param $plen i32) (result i32)
    (if (local.get $esc) (then (local.set $d (call $reset (local.get $d)))))
    (i32.store8 (local.get $d) (i32.const 10))
    (local.set $d (i32.add (local.get $d) (i32.const 1)))
    (call $copy (local.get $d) (local.get $pre) (local.get $plen))
    (i32.add (local.get $d) (local.get $plen)))

  ;; ESC [ 0 m, as one little-endian word.
  (func $reset (param $d i32) (result i32)
    (i32.store (local.get $d) (i32.const 0x6d305b1b))
    (i32.add (local.get $d) (i32.const 4))))
