package org.iovacheck.model;

/** How direct-relaxable regions count: ignored as the kernel does, or excluded as kvmtool does. */
public enum RelaxablePolicy {
    KERNEL("kernel"),
    STRICT("strict");

    private final String label;

    RelaxablePolicy(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static RelaxablePolicy fromLabel(String s) {
        for (RelaxablePolicy p : values()) {
            if (p.label.equals(s)) {
                return p;
            }
        }
        return null;
    }
}
