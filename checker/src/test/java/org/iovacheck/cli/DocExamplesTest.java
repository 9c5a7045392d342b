package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example command in README.md, docs/*.md and every --help runs and answers with a verdict (exit 0, 1 or 4), never a usage
 * error, UNKNOWN or a crash. Placeholder files the examples name (host.yaml, /sys, my.layout...) are stood in for by small real
 * inputs in a temporary folder; output files go there too. A path under models/ must exist as written.
 */
class DocExamplesTest {
    @TempDir
    Path dir;

    private final Map<String, String> standIns = new LinkedHashMap<>();

    private void standIns() throws Exception {
        String d05 = Files.readString(Path.of("../models/hosts/hisilicon-d05.yaml"));
        String epyc = Files.readString(Path.of("../models/hosts/amd-epyc.yaml"));
        for (String n : List.of("host.yaml", "h.yaml", "a.yaml", "h1.yaml", "gpu-box.yaml")) {
            standIns.put(n, Files.writeString(dir.resolve(n), d05).toString());
        }
        standIns.put("gpu-box.yaml", Files.writeString(dir.resolve("gpu-box.yaml"),
                Files.readString(Path.of("../models/hosts/intel-raptorlake-39bit.yaml"))).toString());
        standIns.put("fleet/", "../models/fleets/arm64-servers");
        // a copied arm64 tree with a saved kernel log, as docs/live-host.md's collect --root example names it
        Path copy = dir.resolve("mnt-copy");
        new org.iovacheck.testing.FakeHost(copy).smmuUnit("smmu3.0x0000000140000000", "arm-smmu-v3.0.auto")
                .group("0", "0x0000000008000000 0x00000000080fffff msi\n").cpu("ARM", 48, "").kernel("6.12.0");
        Files.writeString(copy.resolve("dmesg.txt"), "[    1.0] arm-smmu-v3 arm-smmu-v3.0.auto: ias 48-bit, oas 48-bit (features 0x0000df0f)\n");
        standIns.put("/mnt/copy", copy.toString());
        standIns.put("/mnt/copy/dmesg.txt", copy.resolve("dmesg.txt").toString());
        standIns.put("/mnt/snapshot", copy.toString());
        standIns.put("/mnt/snapshot/dmesg.txt", copy.resolve("dmesg.txt").toString());
        standIns.put("epyc.yaml", Files.writeString(dir.resolve("epyc.yaml"),
                epyc + "cpu:\n  vendor: 'AuthenticAMD'\n  phys-bits: 48\n").toString());
        for (String n : List.of("b.yaml", "h2.yaml")) {
            standIns.put(n, Files.writeString(dir.resolve(n), epyc).toString());
        }
        // what collect writes for an AMD EPYC host: its CPU (docs/formats.md, "cpu")
        standIns.put("epyc.yaml", Files.writeString(dir.resolve("epyc.yaml"), epyc + "cpu:\n  vendor: 'AuthenticAMD'\n  phys-bits: 48\n").toString());
        String sysfs = "0x0000000008000000 0x00000000080fffff msi\n0x00000000c6010000 0x00000000c601ffff msi\n";
        standIns.put("reserved_regions", Files.writeString(dir.resolve("reserved_regions"), sysfs).toString());
        Path groups = Files.createDirectories(dir.resolve("sys/kernel/iommu_groups/12"));
        Files.writeString(groups.resolve("reserved_regions"), "0x00000000fee00000 0x00000000feefffff msi\n");
        Files.createDirectories(groups.resolve("devices/0000:41:00.0"));
        // a domain XML as 'virsh dumpxml big > big.xml' writes it: the shipped example, whose device is in group 12 above
        standIns.put("big.xml", Path.of("../models/guests/q35-amd-1100g.xml").toString());
        standIns.put("/sys", dir.resolve("sys").toString());
        standIns.put("/sys/kernel/iommu_groups/12", groups.toString());
        standIns.put("fleet/", "../models/fleets/arm64-servers");
        // a copied host tree for collect --root, with a saved kernel log
        for (String root : List.of("/mnt/copy", "/mnt/snapshot")) {
            Path r = Files.createDirectories(dir.resolve("root" + root.replace('/', '_')));
            Path g = Files.createDirectories(r.resolve("sys/kernel/iommu_groups/12"));
            Files.writeString(g.resolve("reserved_regions"), "0x00000000fee00000 0x00000000feefffff msi\n");
            standIns.put(root, r.toString());
            standIns.put(root + "/dmesg.txt", Files.writeString(r.resolve("dmesg.txt"), "[    0.000000] Linux version 6.12.0\n").toString());
        }
        Path spare = Files.createDirectories(dir.resolve("spare/3"));
        Files.writeString(spare.resolve("reserved_regions"), sysfs);
        standIns.put("spare/", dir.resolve("spare").toString());
        String layout = "0x40000000 0x7fffffff ram main\n";
        for (String n : List.of("my-guest.layout", "my.layout", "my-layout.txt")) {
            standIns.put(n, Files.writeString(dir.resolve(n), layout).toString());
        }
        // a proof to verify, named as the docs' placeholder names it
        Path proofs = dir.resolve("made-proofs");
        Cli made = Cli.run("check", "--host", "../models/hosts/hisilicon-d05.yaml", "--guest", "qemu-virt", "--ram", "4G", "--proof", proofs.toString());
        assertTrue(made.exit() == 1, made.err());
        try (Stream<Path> s = Files.list(proofs)) {
            for (Path p : s.toList()) {
                String ext = p.toString().substring(p.toString().lastIndexOf('.'));
                standIns.put("proofs/unsat-0123456789ab" + ext, p.toString());
            }
        }
    }

    /** The example's arguments with repository paths made relative to checker/, placeholders and outputs redirected. */
    private String[] args(String line) {
        List<String> out = new ArrayList<>();
        String[] words = line.trim().split("\\s+");
        String previous = "";
        for (int i = 1; i < words.length; i++) {
            String w = words[i];
            if (previous.equals("--html") || previous.equals("--proof") || previous.equals("--output") || previous.equals("--write")
                    || previous.equals("--save-counterexample") && !w.startsWith("-")) {
                w = dir.resolve("out-" + i + "-" + w.replace('/', '_')).toString();
            } else if (standIns.containsKey(w)) {
                w = standIns.get(w);
            } else if (w.startsWith("models/") || w.startsWith("counterexamples/")) {
                w = "../" + w;
            }
            out.add(w);
            previous = words[i];
        }
        if (previous.equals("--save-counterexample")) {
            out.add(dir.resolve("cx").toString());
        }
        return out.toArray(String[]::new);
    }

    private static List<String> fromMarkdown(Path md) throws Exception {
        List<String> cmds = new ArrayList<>();
        boolean inBlock = false;
        StringBuilder cur = null;
        for (String raw : Files.readAllLines(md)) {
            if (raw.startsWith("```")) {
                inBlock = !inBlock;
                continue;
            }
            if (!inBlock) {
                continue;
            }
            String line = raw.replaceAll("\\s+#.*$", "");
            if (cur == null && line.trim().matches("(\\./)?iovacheck( .*)?")) {
                cur = new StringBuilder();
            }
            if (cur != null) {
                boolean more = line.endsWith("\\");
                cur.append(more ? line.substring(0, line.length() - 1) : line).append(' ');
                if (!more) {
                    cmds.add(md.getFileName() + ": " + cur.toString().trim());
                    cur = null;
                }
            }
        }
        return cmds;
    }

    private static List<String> fromHelp() {
        List<String> cmds = new ArrayList<>();
        for (String sub : List.of("check", "place", "hotadd", "prove", "presets", "verify-proof", "collect", "explain", "libvirt-hook")) {
            String help = Cli.run(sub, "--help").out();
            List<String> lines = help.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (l.trim().matches("iovacheck \\S.*") && l.startsWith("  ")) {
                    StringBuilder cmd = new StringBuilder(l.trim());
                    // an example continued with a trailing backslash goes on on the next line
                    while (cmd.toString().endsWith("\\") && i + 1 < lines.size()) {
                        cmd.setLength(cmd.length() - 1);
                        cmd.append(' ').append(lines.get(++i).trim());
                    }
                    cmds.add(sub + " --help: " + cmd);
                }
            }
        }
        return cmds;
    }

    @Test
    void everyDocumentedExampleAnswersWithAVerdict() throws Exception {
        standIns();
        List<String> examples = new ArrayList<>(fromMarkdown(Path.of("../README.md")));
        try (Stream<Path> s = Files.list(Path.of("../docs"))) {
            for (Path md : s.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                examples.addAll(fromMarkdown(md));
            }
        }
        examples.addAll(fromHelp());
        assertTrue(examples.size() >= 35, "examples found: " + examples.size());
        List<String> failures = new ArrayList<>();
        for (String ex : examples) {
            String line = ex.substring(ex.indexOf(": ") + 2).replaceFirst("^\\./", "");
            String[] a = args(line);
            for (String w : a) {
                if (w.startsWith("../models/") && !Files.exists(Path.of(w))) {
                    failures.add(ex + " names a missing file " + w.substring(3));
                }
            }
            Cli r = Cli.run(a);
            if (r.exit() != 0 && r.exit() != 1 && r.exit() != ExitCodes.DEGRADED) {
                failures.add(ex + " -> exit " + r.exit() + ": " + r.err().lines().findFirst().orElse(""));
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + examples.size() + " examples fail:\n" + String.join("\n", failures));
        System.out.println("ran " + examples.size() + " documented examples");
    }
}
