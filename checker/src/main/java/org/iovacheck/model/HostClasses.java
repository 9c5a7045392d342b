package org.iovacheck.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Identical hosts, decided once: hosts grouped by what every prove question depends on, their semantics (the resolved exclusions
 * by range and type, which hold the aperture, the backend and the blockers), not by name, file or form, compared exactly. Each class keeps
 * its first host, slimmed to its name, source, exclusions and blockers, and how many hosts it stands for; classes in fleet order.
 */
public final class HostClasses {
    private final Map<Key, HostClass> byKey = new HashMap<>();
    private final Map<String, HostClass> byName = new HashMap<>();
    private final List<HostClass> classes = new ArrayList<>();
    private long hosts;

    /** One class of identical hosts: the first host of the class, where it can be read again, and how many hosts it stands for. */
    public static final class HostClass {
        private final ResolvedHost first;
        private final String origin;
        private final long[] key;
        private long count;

        private HostClass(ResolvedHost first, String origin, long[] key) {
            this.first = first;
            this.origin = origin;
            this.key = key;
        }

        /** The first host of the class, slimmed: name, source, aperture, backend; its resolved exclusions and blockers. */
        public ResolvedHost first() {
            return first;
        }

        /** Where the first host can be read again in full (a host file, a directory entry, a fleet file); null if nowhere. */
        public String origin() {
            return origin;
        }

        /** The number of hosts of the fleet that are identical to the first (itself included). */
        public long count() {
            return count;
        }

        /** A short content hash of the class's semantics (12 hex digits of SHA-256), the same for identical hosts in any form. */
        public String digest() {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                byte[] b = new byte[8];
                for (long v : key) {
                    for (int i = 0; i < 8; i++) {
                        b[i] = (byte) (v >>> (56 - 8 * i));
                    }
                    md.update(b);
                }
                return HexFormat.of().formatHex(md.digest()).substring(0, 12);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** True when {@code h} has exactly this class's semantics. */
        public boolean matches(ResolvedHost h) {
            return Arrays.equals(key, key(h));
        }
    }

    /** Adds one host (resolved); returns its class. {@code origin} says where the host can be read again. */
    public HostClass add(ResolvedHost h, String origin) {
        hosts++;
        Key k = new Key(key(h));
        HostClass c = byKey.get(k);
        if (c == null) {
            Host full = h.host();
            Host slim = new Host(full.name(), List.of(), full.aperture(), List.of(), full.backend(), full.relaxable(), List.of(), full.source());
            c = new HostClass(new ResolvedHost(slim, List.of(), h.exclusions(), h.blockers(), List.of()), origin, k.v);
            byKey.put(k, c);
            byName.put(full.name(), c);
            classes.add(c);
        }
        c.count++;
        return c;
    }

    /** The class of a host already added with these semantics, or null. */
    public HostClass find(ResolvedHost h) {
        return byKey.get(new Key(key(h)));
    }

    /** Adds one more host known to be identical to those of class {@code c} (read from the same text under another name). */
    public void addSame(HostClass c) {
        hosts++;
        c.count++;
    }

    /** The classes in the order of their first hosts. */
    public List<HostClass> classes() {
        return classes;
    }

    /** The first hosts of the classes, in fleet order. */
    public List<ResolvedHost> firsts() {
        List<ResolvedHost> out = new ArrayList<>(classes.size());
        for (HostClass c : classes) {
            out.add(c.first);
        }
        return out;
    }

    /** The class whose first host has this name, or null. */
    public HostClass byFirstName(String name) {
        return byName.get(name);
    }

    /** Every host added, identical ones included. */
    public long hostCount() {
        return hosts;
    }

    /**
     * The semantics of a resolved host as numbers, equal exactly for hosts every prove question answers alike: the backend, the
     * distinct exclusions sorted by (first, last, type), which hold the aperture (its gaps, and each IOMMU unit's, are
     * outside-aperture exclusions: an aperture-bits=48 line and a collected unit of width 48 give the same), and the distinct
     * blocker regions likewise.
     */
    public static long[] key(ResolvedHost h) {
        long[] ex = triples(h.exclusions());
        List<ReservedRegion> blockerRegions = new ArrayList<>(h.blockers().size());
        for (Blocker b : h.blockers()) {
            blockerRegions.add(b.region());
        }
        long[] bl = triples(blockerRegions);
        long[] k = new long[3 + ex.length + bl.length];
        int i = 0;
        k[i++] = h.host().backend().ordinal();
        k[i++] = ex.length / 3;
        System.arraycopy(ex, 0, k, i, ex.length);
        i += ex.length;
        k[i++] = bl.length / 3;
        System.arraycopy(bl, 0, k, i, bl.length);
        return k;
    }

    /** (first, last, type) of each region, sorted, each once. */
    private static long[] triples(List<ReservedRegion> rs) {
        long[][] t = new long[rs.size()][];
        for (int i = 0; i < t.length; i++) {
            ReservedRegion r = rs.get(i);
            t[i] = new long[] {r.range().first(), r.range().last(), r.type().ordinal()};
        }
        Arrays.sort(t, (a, b) -> {
            int c = Long.compareUnsigned(a[0], b[0]);
            if (c == 0) {
                c = Long.compareUnsigned(a[1], b[1]);
            }
            return c != 0 ? c : Long.compare(a[2], b[2]);
        });
        long[] out = new long[t.length * 3];
        int n = 0;
        for (int i = 0; i < t.length; i++) {
            if (i > 0 && Arrays.equals(t[i], t[i - 1])) {
                continue;
            }
            System.arraycopy(t[i], 0, out, n, 3);
            n += 3;
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** A key with its hash computed once. */
    private static final class Key {
        private final long[] v;
        private final int hash;

        Key(long[] v) {
            this.v = v;
            this.hash = Arrays.hashCode(v);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.v, v);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
