package org.iovacheck.model;

import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * Immutable; a list of reserved regions held column by column (first and last address, type, source line, and an index into
 * a few shared origins: group, name, file), so that a dump of millions of lines costs about 25 bytes a region and no object
 * per region. {@link #get} makes the {@link ReservedRegion} on demand, equal to the one a plain list would hold; the hot
 * paths (resolution, the relevance filter, the engines) read the columns directly.
 */
public final class RegionTable extends AbstractList<ReservedRegion> implements RandomAccess {
    private static final RegionType[] TYPES = RegionType.values();
    private static final RegionTable EMPTY = new Builder(0).build();

    /** Where a row comes from, shared by many rows: its group, name and file. */
    private record Origin(String group, String name, String file) {
    }

    // Package-private for the bulk paths of the model (HostSemantics, Type1Attach); never written after construction.
    final long[] first;
    final long[] last;
    final byte[] type;
    private final int[] line;
    /** Each row's index into {@link #origins}; null when every row has origin 0. */
    private final int[] origin;
    private final Origin[] origins;
    private final int size;

    private RegionTable(long[] first, long[] last, byte[] type, int[] line, int[] origin, Origin[] origins, int size) {
        this.first = first;
        this.last = last;
        this.type = type;
        this.line = line;
        this.origin = origin;
        this.origins = origins;
        this.size = size;
    }

    /** The table itself when {@code regions} is one (it is immutable), else an immutable copy ({@link List#copyOf}). */
    public static List<ReservedRegion> copyOf(List<ReservedRegion> regions) {
        return regions instanceof RegionTable ? regions : List.copyOf(regions);
    }

    /** The regions as a table: the table itself, or its rows copied into one. */
    public static RegionTable of(List<ReservedRegion> regions) {
        if (regions instanceof RegionTable t) {
            return t;
        }
        Builder b = new Builder(regions.size());
        for (ReservedRegion r : regions) {
            b.add(r);
        }
        return b.build();
    }

    public static RegionTable empty() {
        return EMPTY;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public ReservedRegion get(int i) {
        check(i);
        Origin o = origins[origin == null ? 0 : origin[i]];
        return new ReservedRegion(new Range(first[i], last[i]), TYPES[type[i]], o.group(), o.name(), new Source(o.file(), line[i]));
    }

    public long first(int i) {
        check(i);
        return first[i];
    }

    public long last(int i) {
        check(i);
        return last[i];
    }

    public RegionType type(int i) {
        check(i);
        return TYPES[type[i]];
    }

    public String group(int i) {
        check(i);
        return origins[origin == null ? 0 : origin[i]].group();
    }

    /** The distinct files the rows were read from. */
    public List<String> files() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (Origin o : origins) {
            out.add(o.file());
        }
        return List.copyOf(out);
    }

    private void check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("row " + i + " of " + size);
        }
    }

    /** The rows at {@code rows[0..n)}, in that order (columns gathered; origins shared). */
    public RegionTable select(int[] rows, int n) {
        long[] f = new long[n];
        long[] l = new long[n];
        byte[] t = new byte[n];
        int[] ln = new int[n];
        int[] o = origin == null ? null : new int[n];
        for (int k = 0; k < n; k++) {
            int i = rows[k];
            check(i);
            f[k] = first[i];
            l[k] = last[i];
            t[k] = type[i];
            ln[k] = line[i];
            if (o != null) {
                o[k] = origin[i];
            }
        }
        return new RegionTable(f, l, t, ln, o, origins, n);
    }

    /** The same rows with the types {@code types} (ordinals, one per row); the other columns are shared. */
    RegionTable withTypes(byte[] types) {
        if (types.length < size) {
            throw new IllegalArgumentException(types.length + " types for " + size + " rows");
        }
        for (int i = 0; i < size; i++) {
            if (types[i] < 0 || types[i] >= TYPES.length) {
                throw new IllegalArgumentException("no type " + types[i]);
            }
        }
        return new RegionTable(first, last, types, line, origin, origins, size);
    }

    /** A copy of the type column (ordinals). */
    byte[] types() {
        return java.util.Arrays.copyOf(type, size);
    }

    /** True when the first addresses never decrease (unsigned), as after {@link HostSemantics} merged a group. */
    public boolean sortedByFirst() {
        for (int i = 1; i < size; i++) {
            if (Long.compareUnsigned(first[i - 1], first[i]) > 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The order of {@code first[0..n)} by unsigned value, ties in index order (a stable sort): a primitive quicksort on
     * the sign-flipped keys, then every run of equal keys put back in index order.
     */
    public static int[] orderByFirst(long[] first, int n) {
        int[] order = new int[n];
        int s = 1;
        while (s < n && Long.compareUnsigned(first[s - 1], first[s]) <= 0) {
            s++;
        }
        if (s >= n) {
            // already in order (a sysfs file is: the kernel keeps its list sorted): no sort
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            return order;
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = first[i] ^ Long.MIN_VALUE;
            order[i] = i;
        }
        PrimitiveSort.byKey(keys, order);
        for (int i = 0; i < n;) {
            int j = i + 1;
            while (j < n && keys[j] == keys[i]) {
                j++;
            }
            if (j - i > 1) {
                java.util.Arrays.sort(order, i, j);
            }
            i = j;
        }
        return order;
    }

    /** Builds a table row by row; also a list, so that code adding {@link ReservedRegion}s can fill it. */
    public static final class Builder extends AbstractList<ReservedRegion> {
        private long[] first;
        private long[] last;
        private byte[] type;
        private int[] line;
        private int[] origin;
        private final List<Origin> origins = new java.util.ArrayList<>();
        private final Map<Origin, Integer> originIndex = new HashMap<>();
        private int size;
        private boolean mixed;
        /** The last table rows were copied from, and its origins' indices here. */
        private RegionTable from;
        private int[] fromOrigin;

        public Builder(int capacity) {
            int c = Math.max(4, capacity);
            first = new long[c];
            last = new long[c];
            type = new byte[c];
            line = new int[c];
            origin = new int[c];
        }

        /** The index of an origin, made once per distinct (group, name, file). */
        public int origin(String group, String name, String file) {
            Origin o = new Origin(group, name, file);
            if (originIndex.isEmpty()) {
                // most tables have one origin (one group of one file): no map until a second one appears
                if (origins.isEmpty()) {
                    origins.add(o);
                    return 0;
                }
                if (origins.get(0).equals(o)) {
                    return 0;
                }
                originIndex.put(origins.get(0), 0);
            }
            Integer i = originIndex.get(o);
            if (i == null) {
                i = origins.size();
                origins.add(o);
                originIndex.put(o, i);
            }
            return i;
        }

        /** Appends a row; {@code first <= last} unsigned is the caller's to ensure (checked). */
        public void add(long f, long l, RegionType t, int originIdx, int sourceLine) {
            if (Long.compareUnsigned(l, f) < 0) {
                throw new IllegalArgumentException("range first " + U64.hex(f) + " is above last " + U64.hex(l));
            }
            if (originIdx < 0 || originIdx >= origins.size()) {
                throw new IllegalArgumentException("no origin " + originIdx);
            }
            if (size == first.length) {
                ensure(size + 1);
            }
            first[size] = f;
            last[size] = l;
            type[size] = (byte) t.ordinal();
            line[size] = sourceLine;
            origin[size] = originIdx;
            mixed |= originIdx != 0;
            size++;
        }

        /** Row {@code i} of {@code t}, unchanged. */
        public void addRow(RegionTable t, int i) {
            addRow(t, i, t.first[i], t.last[i], TYPES[t.type[i]]);
        }

        /** Row {@code i} of {@code t} with another range and type (same group, name and source). */
        public void addRow(RegionTable t, int i, long f, long l, RegionType ty) {
            t.check(i);
            add(f, l, ty, originOf(t, i), t.line[i]);
        }

        private int originOf(RegionTable t, int i) {
            if (t != from) {
                fromOrigin = new int[t.origins.length];
                for (int k = 0; k < fromOrigin.length; k++) {
                    Origin o = t.origins[k];
                    fromOrigin[k] = origin(o.group(), o.name(), o.file());
                }
                from = t;
            }
            return fromOrigin[t.origin == null ? 0 : t.origin[i]];
        }

        /** Every row of {@code t}, in order (column copies). */
        public void addAll(RegionTable t) {
            if (t.size == 0) {
                return;
            }
            ensure(size + t.size);
            System.arraycopy(t.first, 0, first, size, t.size);
            System.arraycopy(t.last, 0, last, size, t.size);
            System.arraycopy(t.type, 0, type, size, t.size);
            System.arraycopy(t.line, 0, line, size, t.size);
            for (int i = 0; i < t.size; i++) {
                int o = originOf(t, i);
                origin[size + i] = o;
                mixed |= o != 0;
            }
            size += t.size;
        }

        private void ensure(int capacity) {
            if (capacity > first.length) {
                int c = Math.max(capacity, first.length + (first.length >> 1) + 4);
                first = java.util.Arrays.copyOf(first, c);
                last = java.util.Arrays.copyOf(last, c);
                type = java.util.Arrays.copyOf(type, c);
                line = java.util.Arrays.copyOf(line, c);
                origin = java.util.Arrays.copyOf(origin, c);
            }
        }

        @Override
        public boolean add(ReservedRegion r) {
            add(r.range().first(), r.range().last(), r.type(), origin(r.group(), r.name(), r.source().file()), r.source().line());
            return true;
        }

        @Override
        public ReservedRegion get(int i) {
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException("row " + i + " of " + size);
            }
            Origin o = origins.get(origin[i]);
            return new ReservedRegion(new Range(first[i], last[i]), TYPES[type[i]], o.group(), o.name(), new Source(o.file(), line[i]));
        }

        @Override
        public int size() {
            return size;
        }

        /** The table; arrays trimmed to the rows added (the builder should not be used afterwards). */
        public RegionTable build() {
            // Spare capacity of up to an eighth is kept rather than copied (the parser sizes the builder by counting lines).
            boolean trim = first.length - size > size / 8 + 16;
            Origin[] os = origins.isEmpty() ? new Origin[] {new Origin(null, null, "")} : origins.toArray(new Origin[0]);
            return new RegionTable(trim ? java.util.Arrays.copyOf(first, size) : first, trim ? java.util.Arrays.copyOf(last, size) : last,
                    trim ? java.util.Arrays.copyOf(type, size) : type, trim ? java.util.Arrays.copyOf(line, size) : line,
                    mixed ? (trim ? java.util.Arrays.copyOf(origin, size) : origin) : null, os, size);
        }
    }
}
