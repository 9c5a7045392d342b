/*
 * The baseline for the interval path: a plain C sort-and-sweep over the same files iovacheck reads.
 * Usage: sweep HOST_REGIONS GUEST_LAYOUT
 *   HOST_REGIONS: sysfs reserved_regions lines "0xFIRST 0xLAST TYPE" (inclusive ends)
 *   GUEST_LAYOUT: lines "0xFIRST 0xLAST KIND [NAME]"; regions of kind ram are the mapped ones
 * Prints SAFE or "UNSAFE n" (n = guest/window pairs that share an address) and exits 0 or 1.
 * Build: gcc -O2 -o bench/target/sweep bench/sweep.c
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { uint64_t first, last; } range;

static int by_first(const void *a, const void *b) {
    const range *x = a, *y = b;
    return x->first < y->first ? -1 : x->first > y->first ? 1 : 0;
}

static range *read_ranges(const char *path, size_t *count, int ram_only) {
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); exit(2); }
    size_t cap = 1024, n = 0;
    range *r = malloc(cap * sizeof *r);
    char line[512], kind[64];
    unsigned long long a, b;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "%llx %llx %63s", &a, &b, kind) != 3) continue;
        if (ram_only && strcmp(kind, "ram") != 0) continue;
        if (n == cap) { cap *= 2; r = realloc(r, cap * sizeof *r); }
        r[n].first = a; r[n].last = b; n++;
    }
    fclose(f);
    *count = n;
    return r;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: sweep HOST_REGIONS GUEST_LAYOUT\n"); return 2; }
    size_t nw, ng;
    range *w = read_ranges(argv[1], &nw, 0);
    range *g = read_ranges(argv[2], &ng, 1);
    qsort(w, nw, sizeof *w, by_first);
    /* prefix maximum of window ends, so that a binary search finds the first window that can reach a guest region */
    uint64_t *maxlast = malloc((nw ? nw : 1) * sizeof *maxlast);
    for (size_t i = 0; i < nw; i++) maxlast[i] = i && maxlast[i - 1] > w[i].last ? maxlast[i - 1] : w[i].last;
    size_t pairs = 0;
    for (size_t k = 0; k < ng; k++) {
        size_t lo = 0, hi = nw;          /* first i with maxlast[i] >= g.first */
        while (lo < hi) { size_t mid = (lo + hi) / 2; if (maxlast[mid] < g[k].first) lo = mid + 1; else hi = mid; }
        for (size_t i = lo; i < nw && w[i].first <= g[k].last; i++)
            if (w[i].last >= g[k].first) pairs++;
    }
    if (pairs) { printf("UNSAFE %zu\n", pairs); return 1; }
    printf("SAFE\n");
    return 0;
}
