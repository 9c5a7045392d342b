package org.iovacheck.preset.firmware;

/**
 * Immutable; one memory BAR of a device as the user gave it: the device, the BAR number (0-5), its size (a power of two),
 * whether it is a 64-bit BAR (prefetchable or not) or a 32-bit one, and whether the device has an option ROM.
 */
public record BarSpec(String device, boolean ivshmem, int index, long size, Width width, boolean rom) {
    public BarSpec(String device, boolean ivshmem, int index, long size, Width width) {
        this(device, ivshmem, index, size, width, false);
    }

    /** How the BAR decodes: 32-bit, 64-bit prefetchable (GPU apertures, ivshmem memory) or 64-bit non-prefetchable. */
    public enum Width {
        BITS32("32"), BITS64("64"), BITS64_NP("64np");

        private final String label;

        Width(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public boolean is64() {
            return this != BITS32;
        }
    }

    /** The name shown in layouts and conflicts, e.g. gpu.bar1. */
    public String name() {
        return device + ".bar" + index;
    }
}
