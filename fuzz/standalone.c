/* SPDX-License-Identifier: MIT
** fuzz/standalone.c -- a main() for the fuzz targets without libFuzzer: runs
** LLVMFuzzerTestOneInput once on each file named on the command line (folders:
** every file in them), e.g. to replay a crash or the seed corpus under
** gcc -fsanitize=address,undefined. See fuzz/README.md. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); return 1; }
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            uint8_t *nb = realloc(buf, cap *= 2);
            if (!nb) { free(buf); buf = NULL; }
            else buf = nb;
        }
    }
    fclose(f);
    if (!buf) { fprintf(stderr, "%s: out of memory\n", path); return 1; }
    /* an exact-size copy, so ASan sees reads past the end of the input */
    uint8_t *exact = malloc(len ? len : 1);
    if (!exact) { free(buf); return 1; }
    memcpy(exact, buf, len);
    free(buf);
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);   /* names the input a crash report is about */
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    return 0;
}

static int run_path(const char *path, size_t *count)
{
    struct stat st;
    if (stat(path, &st) != 0) { perror(path); return 1; }
    if (!S_ISDIR(st.st_mode)) { (*count)++; return run_file(path); }
    struct dirent **names;
    int n = scandir(path, &names, NULL, alphasort);
    if (n < 0) { perror(path); return 1; }
    int bad = 0;
    for (int i = 0; i < n; i++) {
        if (names[i]->d_name[0] != '.') {
            size_t l = strlen(path) + strlen(names[i]->d_name) + 2;
            char *sub = malloc(l);
            if (sub) {
                snprintf(sub, l, "%s/%s", path, names[i]->d_name);
                bad |= run_path(sub, count);
                free(sub);
            }
        }
        free(names[i]);
    }
    free(names);
    return bad;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...  (runs the fuzz target once per file)\n", argv[0]);
        return 2;
    }
    size_t count = 0;
    int bad = 0;
    for (int i = 1; i < argc; i++) bad |= run_path(argv[i], &count);
    fprintf(stderr, "%s: %zu inputs run\n", argv[0], count);
    return bad;
}
