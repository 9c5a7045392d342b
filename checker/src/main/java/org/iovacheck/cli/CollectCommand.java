package org.iovacheck.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.iovacheck.format.InputException;
import org.iovacheck.format.InstanceWriter;
import org.iovacheck.format.collect.HostCollector;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code collect}: reads this host (or a copied tree) and writes one host file that check, place, hotadd and prove take. */
@Command(name = "collect", mixinStandardHelpOptions = true, header = "Write a host file from this machine (or a copy of its /sys and /proc).",
        sortOptions = false,
        description = {"Reads the IOMMU groups with their reserved regions, devices (PCI address, ids, class, driver, BARs) and IOMMU "
                + "units, each unit's input address width as the kernel computes it (Intel cap/ecap, AMD features, Arm SMMUv3 from "
                + "--dmesg), the PCI bridge windows of /proc/iomem, interrupt isolation, CPU vendor and physical address bits, the "
                + "kernel release and whether iommufd and VFIO are available; writes them as one host file. No serial numbers, host "
                + "names or MAC addresses are read. Run it as root: /proc/iomem hides addresses from other users. See "
                + "docs/live-host.md.", ""},
        footerHeading = "%nExamples:%n",
        footer = {"  sudo iovacheck collect --output host.yaml --name gpu-box",
                "  iovacheck collect --root /mnt/snapshot --dmesg /mnt/snapshot/dmesg.txt --output host.yaml",
                "  iovacheck check --host host.yaml --guest qemu-q35 --ram 64G",
                "", "Exit codes: 0 written, 2 usage or input error (e.g. no IOMMU groups), 70 internal error."})
final class CollectCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "/",
            description = "The filesystem root holding sys/, proc/ and dev/ (a copied tree). Default: ${DEFAULT-VALUE}.")
    Path root;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the host file here (never over an existing file); default: standard output.")
    Path output;

    @Option(names = "--dmesg", paramLabel = "FILE",
            description = "A saved kernel log (dmesg, journalctl -k): the Arm SMMUv3 'ias N-bit, oas M-bit' lines and interrupt-remapping lines.")
    Path dmesg;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "collected-host",
            description = "The host's name in the file (the machine's host name is never read). Default: ${DEFAULT-VALUE}.")
    String name;

    @Override
    public Integer call() throws InputException {
        if (!HostCollector.isHostRoot(root)) {
            throw InputException.option("--root", "'" + root + "' holds no sysfs tree (expected " + root.resolve("sys/kernel") + ")");
        }
        HostCollector.Collected c = HostCollector.fromRoot(root, dmesg, name);
        List<String> comments = new ArrayList<>();
        comments.add("written by iovacheck collect from " + root.toAbsolutePath().normalize() + (dmesg == null ? "" : " and " + dmesg));
        for (String w : c.warnings()) {
            comments.add("not read: " + w);
        }
        String yaml = InstanceWriter.hostYaml(c.host(), comments);
        var err = spec.commandLine().getErr();
        for (String w : c.warnings()) {
            err.println("iovacheck: warning: " + w);
        }
        if (output == null) {
            spec.commandLine().getOut().print(yaml);
            spec.commandLine().getOut().flush();
        } else {
            Path abs = output.toAbsolutePath();
            try {
                InstanceWriter.writeNew(abs.getParent(), abs.getFileName().toString(), yaml);
            } catch (FileAlreadyExistsException e) {
                throw InputException.option("--output", output + " already exists; iovacheck never replaces a file, so choose another name");
            } catch (IOException e) {
                throw InputException.option("--output", "cannot write " + output + ": " + e.getMessage());
            }
            err.println("iovacheck: host " + name + " (" + c.host().groups().size() + " IOMMU groups, " + c.host().units().size()
                    + " IOMMU units) written to " + output);
        }
        return ExitCodes.OK;
    }
}
