# shellcheck shell=sh
# The heap cap of one dos command, sourced by both launchers: ./dos in a checkout (from packaging/)
# and bin/dos of the release archive and the Debian package (from lib/app/). POSIX sh: bin/dos is.
#
#   dos_heap_opts ARGS...   prints the -Xmx option for the command ARGS run (or nothing)
# Sourcing it also exports MALLOC_ARENA_MAX (below).
#
# Why per command (docs/PERFORMANCE.md, figure 4): with the serial collector the heap grows towards
# its cap instead of collecting (a restore under a cap of half the RAM reached 1 GB resident), so
# only a cap keeps the resident size near what dos holds; but what dos holds depends on the command:
#   upload, resume      (transfers + 3) posts of chunks: 21 MiB each on an unboosted guild
#   download, verify    transfers + 1 chunks downloaded ahead, plus the one being decoded
#   web, serve          jobs of either kind, several at once
#   setup, key ...      Argon2id at 256 MiB (the published key) and whatever else: no cap
# So transfer commands get 96 MiB + 24 MiB per transfer (192 MiB at the default 4 transfers, where
# an upload and a restore peak under 300 MiB resident; 120 MiB at 1, 480 MiB at 16), the servers
# 96 MiB + 48 MiB per transfer, and the rest no -Xmx (packaging/jvm.options' MaxRAMPercentage).
# --sandbox runs the emulator in the same JVM, holding what it receives: no cap either.
# Boosted guilds post up to 100 MiB: dos then lowers its transfers to what the heap holds and says
# how to raise it (dev.dos.core.ops.HeapBudget).
#
# DOS_JAVA_OPTS wins: when it sets the heap (-Xmx, -XX:MaxHeapSize, -XX:MaxRAM...), nothing is
# printed, so that its -XX:MaxRAMPercentage is not overridden by an -Xmx from here.
#
# Native memory, for every command: glibc gives threads that allocate natively (zstd's streams,
# SQLite, the JVM's own threads) arenas of their own, up to 8 per core, and an arena keeps what it
# once held. Measured on a 1 GiB upload (issue 16): 277 to 319 MiB resident with the default, 287
# to 289 with two. A value set by the user wins.
MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
export MALLOC_ARENA_MAX

dos_heap_opts() {
  case " ${DOS_JAVA_OPTS:-} " in
    *" -Xmx"* | *"MaxHeapSize="* | *"MaxRAM"*) return 0 ;;
  esac
  _dos_cmd=
  _dos_transfers=4
  _dos_sandbox=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --) break ;;
      --sandbox) _dos_sandbox=1 ;;
      --config-dir | --data-dir) if [ -z "$_dos_cmd" ] && [ $# -gt 1 ]; then shift; fi ;;
      --transfers) if [ $# -gt 1 ]; then _dos_transfers=$2; shift; fi ;;
      --transfers=*) _dos_transfers=${1#--transfers=} ;;
      -*) ;;
      *) if [ -z "$_dos_cmd" ]; then _dos_cmd=$1; fi ;;
    esac
    shift
  done
  case "$_dos_transfers" in
    '' | *[!0-9]*) _dos_transfers=4 ;; # dos itself reports the usage error
  esac
  if [ "$_dos_transfers" -lt 1 ]; then _dos_transfers=1; fi
  if [ "$_dos_transfers" -gt 16 ]; then _dos_transfers=16; fi
  if [ "$_dos_sandbox" = 1 ]; then return 0; fi
  case "$_dos_cmd" in
    upload | resume | download | verify) echo "-Xmx$((96 + 24 * _dos_transfers))m" ;;
    web | serve) echo "-Xmx$((96 + 48 * _dos_transfers))m" ;;
  esac
  return 0
}
