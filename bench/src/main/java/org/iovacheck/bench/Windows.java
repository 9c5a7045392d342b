package org.iovacheck.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.iovacheck.model.U64;

/**
 * Immutable; n disjoint reserved windows (4 KiB to 1 MiB) in address order, separated by gaps: gap i lies before window i,
 * gap n after the last one, and the allowed range spans all of them. Every gap is narrower than {@link #BLOCK} except the
 * chosen wide ones, so a block of that length fits exactly in the wide gaps. Seeded: the same arguments give the same windows.
 */
final class Windows {
    static final long PAGE = 0x1000;
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    /** The placement block of notes §2: 1 GiB aligned to 2 MiB. */
    static final long BLOCK = GIB;
    static final int ALIGN_LOG2 = 21;

    private final List<ReservedRegion> list;
    private final long[] gapFirst;
    private final long[] gapSize;
    private final Range allowed;

    private Windows(List<ReservedRegion> list, long[] gapFirst, long[] gapSize, Range allowed) {
        this.list = List.copyOf(list);
        this.gapFirst = gapFirst;
        this.gapSize = gapSize;
        this.allowed = allowed;
    }

    /**
     * n windows; narrow gaps are 128 MiB to 1 GiB - 4 MiB, the {@code wide} ones (interior gaps in the upper half of the list)
     * 1 GiB + 4 MiB to 1.25 GiB. At 48 bits the allowed range starts at 4 GiB; at 64 bits it ends at 2^64 - 1.
     */
    static Windows generate(int n, int bits, int wide, long seed) {
        Random rnd = new Random(seed);
        long[] gap = new long[n + 1];
        long[] size = new long[n];
        for (int i = 0; i <= n; i++) {
            gap[i] = pages(rnd, 128 * MIB, GIB - 4 * MIB);
        }
        for (int i = 0; i < n; i++) {
            size[i] = PAGE * (1 + rnd.nextInt(256));
        }
        int lowest = n / 2 + 1;
        if (wide > n - lowest) {
            throw new IllegalArgumentException(n + " windows have fewer than " + wide + " interior gaps in their upper half");
        }
        List<Integer> candidates = new ArrayList<>();
        for (int i = lowest; i < n; i++) {
            candidates.add(i);
        }
        for (int w = 0; w < wide; w++) {
            int i = candidates.remove(rnd.nextInt(candidates.size()));
            gap[i] = GIB + 4 * MIB + pages(rnd, 0, GIB / 4);
        }
        long total = 0;
        for (int i = 0; i <= n; i++) {
            total += gap[i] + (i < n ? size[i] : 0);
        }
        long base = bits == 64 ? -total : 4 * GIB;
        if (bits != 64 && Long.compareUnsigned(base + total - 1, U64.maskBits(bits)) > 0) {
            throw new IllegalArgumentException(n + " windows do not fit in " + bits + " bits");
        }
        List<ReservedRegion> windows = new ArrayList<>(n);
        long[] gapFirst = new long[n + 1];
        long at = base;
        for (int i = 0; i <= n; i++) {
            gapFirst[i] = at;
            at += gap[i];
            if (i < n) {
                RegionType type = i % 3 == 0 ? RegionType.MSI_HW : RegionType.RESERVED;
                windows.add(new ReservedRegion(Range.ofSize(at, size[i]), type, "1", "w" + i, Source.BUILTIN));
                at += size[i];
            }
        }
        return new Windows(windows, gapFirst, gap, new Range(base, base + total - 1));
    }

    /** A uniform multiple of 4 KiB in [lo, hi). */
    private static long pages(Random rnd, long lo, long hi) {
        return lo + PAGE * (long) rnd.nextInt((int) ((hi - lo) / PAGE));
    }

    List<ReservedRegion> list() {
        return list;
    }

    Range allowed() {
        return allowed;
    }

    int count() {
        return list.size();
    }

    /** Guest RAM from a quarter into gap {@code from} to three quarters into gap {@code to}: it covers windows from..to-1. */
    GuestRegion ram(String name, int from, int to) {
        long first = U64.alignUp(gapFirst[from] + gapSize[from] / 4, PAGE);
        long end = U64.alignDown(gapFirst[to] + gapSize[to] / 4 * 3, PAGE);
        return new GuestRegion(name, GuestKind.RAM, new Range(first, end - 1));
    }
}
