package org.iovacheck.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.iovacheck.format.HostFactsReader;
import org.iovacheck.format.HostLoader;
import org.iovacheck.format.InputException;
import org.iovacheck.format.LogLine;
import org.iovacheck.format.config.GuestConfig;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostCpu;
import org.iovacheck.model.HostSemantics;
import org.iovacheck.model.ResolvedHost;
import org.iovacheck.preset.Guests;
import org.iovacheck.preset.PresetArgs;
import org.iovacheck.report.ExplainReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code explain}: what a pasted VFIO error line means on this host, and the fix; or that it is not a layout problem. */
@Command(name = "explain", mixinStandardHelpOptions = true, header = "Explain a VFIO error line from a log against a host.", sortOptions = false,
        description = {"Reads an error line as QEMU, the kernel or cloud-hypervisor print it (vfio_container_dma_map(...) = -22, "
                + "VFIO_MAP_DMA failed, IOMMU_IOAS_MAP failed, Failed to set vIOMMU: aw-bits, Firmware has requested this device have "
                + "a 1:1 IOMMU mapping, cannot add vfio group to container, ...) and says which host range or limit the address meets, "
                + "what the errno means there and the fix. EFAULT, ENOMEM, ENOSPC and EEXIST are said not to be layout problems.", ""},
        footerHeading = "%nExamples:%n",
        footer = {"  iovacheck explain 'vfio_container_dma_map(0x1, 0x382800000000, 0x400000000, 0x2) = -22 (Invalid argument)' \\",
                "      --host models/hosts/intel-raptorlake-39bit.yaml",
                "  iovacheck explain 'VFIO_MAP_DMA failed: Cannot allocate memory' --host /sys",
                "", "Exit codes: 0 explained, 2 a line iovacheck does not know or an input error."})
final class ExplainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "LOG-LINE", description = "The error line (quoted as one argument, or as several words).")
    List<String> words = new ArrayList<>();

    @Option(names = "--host", required = true, paramLabel = "FILE|DIR", description = "The host the error happened on, as for check.")
    Path host;

    @Option(names = "--guest", paramLabel = "PRESET|FILE",
            description = "Optional: the VM (a preset, layout file, libvirt domain XML or QEMU command line file), to name the guest region and print fixes in its syntax.")
    String guest;

    @Option(names = "--ram", paramLabel = "SIZE", description = "Guest RAM, for a preset.")
    String ram;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A preset parameter (repeatable).")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() throws InputException {
        LogLine l;
        try {
            l = LogLine.parse(String.join(" ", words));
        } catch (IllegalArgumentException e) {
            throw InputException.option("LOG-LINE", e.getMessage());
        }
        Host h = HostLoader.load(host);
        HostCpu facts = HostFactsReader.of(h, host);
        GuestConfig config = guest == null ? null : GuestInput.config(guest, List.of());
        GuestLayout layout = null;
        List<String> notes = new ArrayList<>();
        if (config != null) {
            layout = GuestInput.resolve(config, host, h, ram, sets).layout();
            h = GuestInput.restrict(h, host, config, notes);
        } else if (guest != null) {
            layout = Guests.resolve(guest, PresetArgs.of(ram, sets));
        }
        ResolvedHost rh = HostSemantics.resolve(h);
        String placeHint = "iovacheck place --host " + host + " --guest " + (guest == null ? "YOUR-VM.xml" : guest);
        ExplainReport.Explanation e = ExplainReport.explain(l, rh, facts, layout, fixes(config), placeHint);
        var out = spec.commandLine().getOut();
        out.print(e.text());
        for (String n : notes) {
            out.println("note:    " + n);
        }
        out.flush();
        return 0;
    }

    private static ExplainReport.Fixes fixes(GuestConfig c) {
        boolean libvirt = c == null || c.syntax() == GuestConfig.Syntax.LIBVIRT;
        boolean qemu = c == null || c.syntax() == GuestConfig.Syntax.QEMU_ARGV;
        return new ExplainReport.Fixes() {
            @Override
            public String physBitsLimit(int n) {
                List<String> f = new ArrayList<>();
                if (libvirt) {
                    f.add("libvirt <cpu mode='host-passthrough'><maxphysaddr mode='passthrough' limit='" + n + "'/></cpu> (libvirt 9.3 or later;"
                            + " or <maxphysaddr mode='emulate' bits='" + n + "'/>)");
                }
                if (qemu) {
                    f.add("QEMU -cpu host,host-phys-bits=on,host-phys-bits-limit=" + n + " (or -cpu ...,phys-bits=" + n + ")");
                }
                return String.join("; ", f);
            }

            @Override
            public String viommuAwBits(int n) {
                List<String> f = new ArrayList<>();
                if (libvirt) {
                    f.add("libvirt <iommu model='intel'><driver aw_bits='" + n + "'/></iommu>");
                }
                if (qemu) {
                    f.add("QEMU -device intel-iommu,aw-bits=" + n);
                }
                return String.join("; ", f);
            }
        };
    }
}
