package org.iovacheck.format.config;

import java.util.List;
import java.util.Map;

/**
 * Immutable; a VM configuration as read from a libvirt domain XML or a QEMU command line: the preset it maps onto, the preset
 * parameters it fixes, the facts that depend on the host it will run on, its assigned PCI devices and what the model does not
 * use (notes and ignored elements, never dropped silently).
 *
 * @param syntax       how the user wrote it; answers are printed in the same syntax
 * @param file         where it came from (a path, "stdin" or "command line")
 * @param preset       the iovacheck preset name (qemu-q35, qemu-pc, qemu-virt)
 * @param settings     preset parameters the configuration fixes (key to value, in preset syntax)
 * @param cpu          vendor and physical address bits, where the host decides them
 * @param hostdevs     PCI addresses (dddd:bb:ss.f) of the assigned devices, in order
 * @param facts        firmware, shared memory, vIOMMU and memory devices as read, for the models that use them
 * @param notes        what the reader derived or could not use, one sentence each
 * @param ignored      elements or options that do not affect the layout, as written
 */
public record GuestConfig(Syntax syntax, String file, String preset, Map<String, String> settings, CpuSource cpu,
                          List<String> hostdevs, ConfigFacts facts, List<String> notes, List<String> ignored) {
    public GuestConfig {
        settings = Map.copyOf(settings);
        hostdevs = List.copyOf(hostdevs);
        notes = List.copyOf(notes);
        ignored = List.copyOf(ignored);
    }

    /** The two configuration syntaxes iovacheck reads. */
    public enum Syntax {
        LIBVIRT("libvirt domain XML"), QEMU_ARGV("QEMU command line");

        private final String label;

        Syntax(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * Immutable; where the guest vCPU vendor and physical address bits come from. With KVM, QEMU gives the guest the host's
     * vendor (target/i386/cpu.c x86_cpu_load_model: accel_uses_host_cpuid) unless vendor= is set; -cpu host/max take the host's
     * physical address bits (host-phys-bits, target/i386/host-cpu.c), optionally capped by host-phys-bits-limit.
     *
     * @param vendorFromHost    true when the host's CPU vendor decides (KVM without an explicit vendor)
     * @param physBitsFromHost  true when the host's physical address bits decide (host-phys-bits=on)
     * @param physBitsLimit     host-phys-bits-limit / maxphysaddr limit, 0 when none
     */
    public record CpuSource(boolean vendorFromHost, boolean physBitsFromHost, int physBitsLimit) {
    }
}
