#!/bin/sh
# The reaper: a tiny separate process that outlives brum only long enough to clean up after it (see reaper.ts).
# brum writes "+PGID" / "-PGID" lines to our stdin as it creates and retires process groups. When stdin closes
# (brum exited, crashed, or was SIGKILLed and the kernel closed its end), every group still registered gets
# SIGTERM, and SIGKILL if anything in it is left after 1 s. A group brum did not register is never touched.
#
# Plain sh rather than Node: it starts in about a millisecond instead of ~50 ms of CPU at the moment brum is
# starting its own children, and holds ~1 MB instead of a whole runtime for as long as brum runs.

# brum's terminal may signal the foreground group; the reaper must survive that to do its job.
trap '' INT HUP TERM QUIT

groups=' '
while IFS= read -r line; do
  case $line in
    +*)
      g=${line#+}
      case $g in '' | *[!0-9]*) continue ;; esac
      groups="$groups$g "
      ;;
    -*)
      g=${line#-}
      kept=' '
      for x in $groups; do [ "$x" = "$g" ] || kept="$kept$x "; done
      groups=$kept
      ;;
  esac
done

live=''
for g in $groups; do
  [ "$g" -gt 1 ] && kill -s TERM -- "-$g" 2>/dev/null && live="$live $g"
done
# A zombie still answers kill -0, so a group of zombies waits the full second; SIGKILL is harmless to it.
tries=0
while [ -n "$live" ] && [ "$tries" -lt 20 ]; do
  sleep 0.05
  tries=$((tries + 1))
  still=''
  for g in $live; do kill -s 0 -- "-$g" 2>/dev/null && still="$still $g"; done
  live=$still
done
for g in $live; do kill -s KILL -- "-$g" 2>/dev/null; done
exit 0
