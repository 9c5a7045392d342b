package org.iovacheck.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.iovacheck.engine.CheckOutcome;
import org.iovacheck.engine.CheckRunner;
import org.iovacheck.engine.Engine;
import org.iovacheck.format.HostLoader;
import org.iovacheck.format.InputException;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostSemantics;
import org.iovacheck.model.HotaddQuestion;
import org.iovacheck.model.ResolvedHost;
import org.iovacheck.report.HotaddRender;
import org.iovacheck.report.HotaddReport;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hotadd}: can this device still join the running VM, and where can memory still be hot-plugged? */
@Command(name = "hotadd", mixinStandardHelpOptions = true, header = "Can this device still be hot-added to the running VM?", sortOptions = false,
        description = {"Can this device be hot-added to a running VM? The kernel refuses a group whose non-relaxable "
                + "reserved regions meet memory the VM has already mapped (type1: EINVAL at VFIO_GROUP_SET_CONTAINER; "
                + "iommufd: EADDRINUSE). Also lists which parts of the guest's memory hot-plug area could no longer be "
                + "mapped.", ""},
        footerHeading = "%nExamples:%n",
        footer = {"  iovacheck hotadd --host host.yaml --running qemu-virt --ram 4G --device /sys/kernel/iommu_groups/12",
                "  iovacheck hotadd --host /sys --running qemu-virt --ram 8G --set maxmem=64G --set slots=4 --candidates spare/",
                "", "Exit codes: 0 ACCEPT (every candidate), 1 REFUSE (some candidate), 2 usage or input error, 3 UNKNOWN, 70 internal error."})
final class HotaddCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", required = true, paramLabel = "FILE|DIR",
            description = "The host with the groups the VM already has (as for check); its backend decides the kernel's rules.")
    Path host;

    @Option(names = "--running", required = true, paramLabel = "PRESET|FILE",
            description = "The running guest: a VMM preset, a layout file, a libvirt domain XML or a file holding a QEMU command line.")
    String running;

    @Option(names = "--ram", paramLabel = "SIZE", description = "Guest RAM for a preset.")
    String ram;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A preset parameter (repeatable), e.g. --set maxmem=16G.")
    List<String> sets = new ArrayList<>();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Devices devices;

    static final class Devices {
        @Option(names = "--device", paramLabel = "FILE|DIR",
                description = "The new device's group: a reserved_regions file, a group folder, or a host file (.yaml).")
        Path device;

        @Option(names = "--candidates", paramLabel = "DIR",
                description = "A folder of candidate devices (each entry a reserved_regions file, group folder or host file).")
        Path candidates;
    }

    @Option(names = "--p2p", description = "The VM also maps PCI BAR windows (peer-to-peer).")
    boolean p2p;



    @CommandLine.Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws InputException {
        common.validate();
        List<Engine> engines = common.engines();
        Host h = HostLoader.load(host);
        org.iovacheck.format.config.GuestConfig config = GuestInput.config(running, List.of());
        GuestLayout layout = config != null ? GuestInput.resolve(config, host, h, ram, sets).layout() : HostDefaultsOption.resolve(running, ram, sets, List.of(h));
        if (config != null) {
            h = GuestInput.restrict(h, host, config, new ArrayList<>());
        }
        Receipts receipt = new Receipts().file(running).host(h);
        ResolvedHost rh = HostSemantics.resolve(h);
        CheckOutcome existing = CheckRunner.run(CheckQuery.of(rh, layout, p2p), engines, common.budget());
        receipt.engines(existing.answers(), "the running layout");

        List<HotaddReport.Candidate> out = new ArrayList<>();
        for (Path p : devicePaths()) {
            Host d = HostLoader.load(p);
            receipt.host(d);
            Host asAttached = new Host(d.name(), d.groups(), d.aperture(), d.bridgeWindows(), h.backend(),
                    h.relaxable(), d.msiOverrides(), d.source(), d.units(), d.facts());
            ResolvedHost dev = HostSemantics.resolve(asAttached);
            CheckOutcome attach = CheckRunner.run(HotaddQuestion.attach(layout, dev, p2p), engines, common.budget());
            CheckQuery hq = HotaddQuestion.hotplug(layout, rh, dev);
            CheckOutcome hotplug = CheckRunner.run(hq, engines, common.budget());
            List<GuestRegion> areas = layout.regions().stream().filter(g -> g.kind() == GuestKind.HOTPLUG).toList();
            receipt.engines(attach.answers(), d.name() + " attached").engines(hotplug.answers(), d.name() + " hot-plug");
            out.add(new HotaddReport.Candidate(dev, attach, hotplug, HotaddQuestion.remaining(areas, hotplug.conflicts())));
        }
        HotaddReport report = new HotaddReport(layout, p2p, rh, existing, out);
        RunGuard.phase("rendering the answer");
        RunGuard.printAnswer(spec.commandLine().getOut(), common.json() ? HotaddRender.json(report, receipt.build(spec)) : HotaddRender.text(report));
        return ExitCodes.of(report.verdict());
    }

    private List<Path> devicePaths() throws InputException {
        if (devices.device != null) {
            return List.of(devices.device);
        }
        Path dir = devices.candidates;
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir.toString(), 0, "not a directory of candidate devices");
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> ps = s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
            if (ps.isEmpty()) {
                throw new InputException(dir.toString(), 0, "no candidate devices in the directory");
            }
            return ps;
        } catch (IOException e) {
            throw new InputException(dir.toString(), 0, "cannot list directory: " + e.getMessage());
        }
    }
}
