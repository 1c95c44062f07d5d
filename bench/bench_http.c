/* SPDX-License-Identifier: MIT
** bench/bench_http.c -- an HTTP load generator for `annals serve` (bench/serve_load.sh).
**
** usage: bench_http PORT CLIENTS SECONDS PATH...
** CLIENTS threads, each with one keep-alive connection to 127.0.0.1:PORT, send
** GET requests for the PATHs in turn (each thread starts at a different one)
** for SECONDS, and time each from the first byte sent to the last byte of the
** body (Content-Length). Prints requests, errors (status other than 200,
** broken connections), requests per second, and the p50, p90, p99 and largest
** latency in milliseconds. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

static int port, n_paths;
static char **paths;
static double seconds;

typedef struct {
    int id;
    double *lat;           /* milliseconds */
    size_t n, cap;
    size_t errors;
} client;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int connect_to(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) { close(fd); return -1; }
    return fd;
}

/* One request on fd; 0 and the response read whole, or -1. */
static int request(int fd, const char *path, char **buf, size_t *cap, int *status)
{
    char req[2048];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", path);
    if (n <= 0 || (size_t)n >= sizeof req || write(fd, req, (size_t)n) != n) return -1;
    size_t len = 0, head = 0, body = 0;
    for (;;) {
        if (len + 65536 > *cap) {
            size_t nc = (*cap ? *cap * 2 : 1 << 20);
            while (nc < len + 65536) nc *= 2;
            char *nb = realloc(*buf, nc);
            if (!nb) return -1;
            *buf = nb;
            *cap = nc;
        }
        ssize_t r = read(fd, *buf + len, *cap - len - 1);
        if (r <= 0) return -1;
        len += (size_t)r;
        (*buf)[len] = '\0';
        if (!head) {
            char *e = strstr(*buf, "\r\n\r\n");
            if (!e) continue;
            head = (size_t)(e - *buf) + 4;
            *status = atoi(*buf + 9);
            char *cl = strstr(*buf, "\r\nContent-Length:");
            if (!cl || cl > e) return -1;
            body = strtoul(cl + 17, NULL, 10);
        }
        if (len >= head + body) return len == head + body ? 0 : -1;
    }
}

static void *run(void *arg)
{
    client *c = arg;
    char *buf = NULL;
    size_t cap = 0;
    int fd = -1, k = c->id % n_paths;
    double end = now() + seconds;
    while (now() < end) {
        if (fd < 0 && (fd = connect_to()) < 0) { c->errors++; usleep(10000); continue; }
        int status = 0;
        double t0 = now();
        int rc = request(fd, paths[k], &buf, &cap, &status);
        double ms = (now() - t0) * 1000;
        k = (k + 1) % n_paths;
        if (rc < 0) { close(fd); fd = -1; c->errors++; continue; }
        if (status != 200) c->errors++;
        if (c->n == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 4096;
            double *nl = realloc(c->lat, c->cap * sizeof *nl);
            if (!nl) abort();
            c->lat = nl;
        }
        c->lat[c->n++] = ms;
    }
    if (fd >= 0) close(fd);
    free(buf);
    return NULL;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: bench_http PORT CLIENTS SECONDS PATH...\n");
        return 2;
    }
    port = atoi(argv[1]);
    int n = atoi(argv[2]);
    seconds = atof(argv[3]);
    paths = argv + 4;
    n_paths = argc - 4;
    if (port <= 0 || n <= 0 || n > 1024 || !(seconds > 0)) { fprintf(stderr, "bench_http: bad arguments\n"); return 2; }
    client *c = calloc((size_t)n, sizeof *c);
    pthread_t *t = calloc((size_t)n, sizeof *t);
    if (!c || !t) return 2;
    double t0 = now();
    for (int i = 0; i < n; i++) {
        c[i].id = i;
        pthread_create(&t[i], NULL, run, &c[i]);
    }
    size_t total = 0, errors = 0;
    for (int i = 0; i < n; i++) {
        pthread_join(t[i], NULL);
        total += c[i].n;
        errors += c[i].errors;
    }
    double wall = now() - t0;
    double *all = malloc((total ? total : 1) * sizeof *all);
    if (!all) return 2;
    size_t k = 0;
    for (int i = 0; i < n; i++) {
        memcpy(all + k, c[i].lat, c[i].n * sizeof *all);
        k += c[i].n;
        free(c[i].lat);
    }
    qsort(all, total, sizeof *all, cmp);
    double p = total ? all[total / 2] : 0, p90 = total ? all[total * 9 / 10] : 0;
    double p99 = total ? all[total * 99 / 100] : 0, mx = total ? all[total - 1] : 0;
    printf("requests %zu  errors %zu  req/s %.0f  p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms\n", total, errors,
           total / wall, p, p90, p99, mx);
    free(all);
    free(c);
    free(t);
    return errors ? 1 : 0;
}
