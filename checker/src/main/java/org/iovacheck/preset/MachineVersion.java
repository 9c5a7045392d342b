package org.iovacheck.preset;

import org.iovacheck.format.InputException;

/** Immutable; a QEMU machine-type version X.Y, or the unversioned alias (latest), ordered by (major, minor). */
record MachineVersion(int major, int minor, boolean latest) {
    static final MachineVersion LATEST = new MachineVersion(Integer.MAX_VALUE, Integer.MAX_VALUE, true);

    static MachineVersion parse(String key, String text) throws InputException {
        if (text == null || text.equals("latest")) {
            return LATEST;
        }
        int dot = text.indexOf('.');
        try {
            if (dot > 0 && dot < text.length() - 1) {
                int major = Integer.parseInt(text.substring(0, dot));
                int minor = Integer.parseInt(text.substring(dot + 1));
                if (major >= 1 && major <= 99 && minor >= 0 && minor <= 99) {
                    return new MachineVersion(major, minor, false);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw InputException.option(key, "'" + text + "' is not a machine version (X.Y, e.g. 7.0, or latest)");
    }

    /** True when this version is newer than major.minor. */
    boolean after(int otherMajor, int otherMinor) {
        return major > otherMajor || (major == otherMajor && minor > otherMinor);
    }

    String text() {
        return latest ? "latest" : major + "." + minor;
    }
}
