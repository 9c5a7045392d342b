package org.iovacheck.bench;

import java.util.Random;

/** Generated sysfs texts: n regions spread over a 2^bits space, seeded so every run measures the same instances. */
final class Instances {
    private Instances() {
    }

    static String sysfs(int n, int bits, long seed) {
        Random rnd = new Random(seed);
        StringBuilder sb = new StringBuilder(n * 44);
        long span = bits == 64 ? Long.MAX_VALUE : (1L << bits);
        long step = Long.divideUnsigned(span, n);
        String[] types = {"reserved", "msi", "direct-relaxable"};
        for (int i = 0; i < n; i++) {
            long first = i * step + (long) rnd.nextInt(1 << 12) * 0x1000;
            long last = first + 0xfff + (long) rnd.nextInt(16) * 0x1000;
            sb.append(String.format("0x%016x 0x%016x %s%n", first, last, types[rnd.nextInt(types.length)]));
        }
        return sb.toString();
    }
}
