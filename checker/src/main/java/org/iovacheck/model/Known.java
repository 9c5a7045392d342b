package org.iovacheck.model;

/** A yes/no fact about a host that may not have been readable. */
public enum Known {
    YES("yes"), NO("no"), UNKNOWN("unknown");

    private final String label;

    Known(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Known of(boolean b) {
        return b ? YES : NO;
    }

    public static Known fromLabel(String s) {
        for (Known k : values()) {
            if (k.label.equals(s)) {
                return k;
            }
        }
        return null;
    }
}
