#!/usr/bin/env bash
# fuzz/build.sh -- builds the fuzz targets outside CMake (see fuzz/README.md).
#
# usage: bash fuzz/build.sh [OUTDIR]        (default: build-fuzz/ in the source tree)
# With clang: OUTDIR/fuzz_pipeline and OUTDIR/fuzz_dict, libFuzzer binaries with
# ASan+UBSan. With any C compiler (CC=gcc): OUTDIR/replay_pipeline and
# OUTDIR/replay_dict, the same targets with fuzz/standalone.c as main(), which
# run each file given once (set STANDALONE_ONLY=1 to build only these).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$src/build-fuzz}
mkdir -p "$out"
pkgs="libutf8proc libxml-2.0 sqlite3 jansson nettle"
common=(-std=c11 -g -O1 -fno-omit-frame-pointer -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
        "-DANNALS_DATA_DIR=\"$src/data\"" -I"$src/include" -I"$src/src/lib")
read -r -a pc_cflags <<< "$(pkg-config --cflags $pkgs)"
read -r -a pc_libs <<< "$(pkg-config --libs $pkgs)"
mapfile -t libsrc < <(find "$src/src/lib" -name '*.c' | sort)

if [ "${STANDALONE_ONLY:-0}" != 1 ] && command -v clang > /dev/null; then
    san=(-fsanitize=address,undefined -fno-sanitize-recover=undefined)
    for t in pipeline dict; do
        echo "fuzz/build.sh: $out/fuzz_$t (clang, libFuzzer, ASan, UBSan)"
        clang "${common[@]}" "${pc_cflags[@]}" "${san[@]}" -fsanitize=fuzzer \
            "$src/fuzz/fuzz_$t.c" "${libsrc[@]}" "${pc_libs[@]}" -lm -o "$out/fuzz_$t"
    done
fi
cc=${CC:-cc}
for t in pipeline dict; do
    echo "fuzz/build.sh: $out/replay_$t ($cc, standalone driver, ASan, UBSan)"
    "$cc" "${common[@]}" "${pc_cflags[@]}" -fsanitize=address,undefined -fno-sanitize-recover=undefined \
        "$src/fuzz/fuzz_$t.c" "$src/fuzz/standalone.c" "${libsrc[@]}" "${pc_libs[@]}" -lm -o "$out/replay_$t"
done
