package org.iovacheck.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iovacheck.bench.ProcessRun.Sample;

/**
 * The start-up tables of the whole-process bench: what a short run costs piece by piece (the launcher alone, the JVM alone,
 * --version, --help, the README check in several configurations; medians of interleaved runs), then where the README
 * check's time goes, from the JVM's own counters (saved at exit with -XX:+PerfDataSaveToFile, read with jstat) and
 * iovacheck's JSON {@code timing}.
 */
final class ProcessStartup {
    private ProcessStartup() {
    }

    static List<String> tables(Path root, String launcher, Path dir, int runs) throws Exception {
        String d05 = root.resolve("models/hosts/hisilicon-d05.yaml").toString();
        String readme = launcher + " check --host " + d05 + " --guest qemu-virt --ram 4G";
        String java = chosenJava(dir, launcher);
        String jar = root.resolve("checker/target/iovacheck.jar").toString();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"launcher alone: JDK choice, staleness and archive checks, no JVM (IOVACHECK_DRY_RUN=1)", "env IOVACHECK_DRY_RUN=1 " + readme});
        rows.add(new String[] {"JVM alone (java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -version)", java + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -version"});
        rows.add(new String[] {"iovacheck --version", launcher + " --version"});
        rows.add(new String[] {"iovacheck --help", launcher + " --help"});
        rows.add(new String[] {"README check, --engine interval", readme + " --engine interval"});
        rows.add(new String[] {"**README check**, default engines (interval + sat)", readme});
        rows.add(new String[] {"README check, default engines, --format json", readme + " --format json"});
        String jdk17 = jdk17(java);
        if (jdk17 != null) {
            rows.add(new String[] {"README check on JDK 17 (IOVACHECK_JAVA=" + jdk17 + ")", "env IOVACHECK_JAVA=" + jdk17 + " " + readme});
            rows.add(new String[] {"JDK 17's JVM alone", jdk17 + "/bin/java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -version"});
        }
        rows.add(new String[] {"README check, plain java -jar (no archive, default JIT and collector)", java + " -jar " + jar + " " + readme.substring(launcher.length() + 1)});
        rows.add(new String[] {"README check, launcher without the archive (IOVACHECK_CDS=off)", "env IOVACHECK_CDS=off " + readme});
        List<List<Sample>> samples = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            samples.add(new ArrayList<>());
        }
        for (String[] row : rows) { // once untimed: a JDK's first run records its archive
            ProcessRun.time(dir, List.of("sh", "-c", row[1]), List.of(), 900);
        }
        for (int k = 0; k < runs; k++) {
            for (int i = 0; i < rows.size(); i++) {
                samples.get(i).add(ProcessRun.time(dir, List.of("sh", "-c", rows.get(i)[1]), List.of(), 120));
            }
        }
        List<String> out = new ArrayList<>();
        out.add("| what | median wall s | max RSS MiB | runs |");
        out.add("|---|---:|---:|---:|");
        double[] medians = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Sample m = ProcessRun.median(samples.get(i));
            medians[i] = m.wall();
            out.add(String.format(Locale.ROOT, "| %s | %.3f | %.0f | %d |", rows.get(i)[0], m.wall(), m.rssKb() / 1024.0, runs));
            System.err.println(out.get(out.size() - 1));
        }
        out.add("");
        out.addAll(breakdown(dir, readme, java, runs, medians[0], medians[1]));
        return out;
    }

    /** Where the README check's time goes: medians over runs of it with --format json and the JVM's counters saved at exit. */
    private static List<String> breakdown(Path dir, String readme, String java, int runs, double launcherAlone, double jvmAlone) throws Exception {
        Path jstat = Path.of(java).resolveSibling("jstat");
        Path perf = dir.resolve("perf.hsperf");
        String opts = "IOVACHECK_JAVA_OPTS=-XX:+UsePerfData -XX:+PerfDataSaveToFile -XX:PerfDataSaveFile=" + perf;
        String[] keys = {"wall", "jvm-create", "cls-time", "classes", "shared", "since-start", "reading", "resolving", "engines", "interval", "sat"};
        Map<String, double[]> v = new HashMap<>();
        for (String k : keys) {
            v.put(k, new double[runs]);
        }
        for (int k = 0; k < runs; k++) {
            Files.deleteIfExists(perf);
            Sample s = ProcessRun.time(dir, List.of("sh", "-c", readme + " --format json"), List.of(opts), 120);
            Map<String, String> c = counters(dir, jstat, perf);
            if (s.exit() != 1 || c.isEmpty()) {
                return List.of("(no breakdown: the README check exited " + s.exit() + " or " + jstat + " could not read the JVM's counters)");
            }
            double hz = Double.parseDouble(c.get("sun.os.hrt.frequency"));
            v.get("wall")[k] = s.wall() * 1000;
            v.get("jvm-create")[k] = Double.parseDouble(c.get("sun.rt.createVmEndTime")) - Double.parseDouble(c.get("sun.rt.createVmBeginTime"));
            v.get("cls-time")[k] = Double.parseDouble(c.get("sun.cls.time")) / hz * 1000;
            v.get("classes")[k] = Double.parseDouble(c.get("java.cls.loadedClasses")) + Double.parseDouble(c.get("java.cls.sharedLoadedClasses"));
            v.get("shared")[k] = Double.parseDouble(c.get("java.cls.sharedLoadedClasses"));
            v.get("since-start")[k] = json(s.out(), "since-start-millis");
            v.get("reading")[k] = json(s.out(), "reading-millis");
            v.get("resolving")[k] = json(s.out(), "resolving-millis");
            v.get("engines")[k] = json(s.out(), "engines-millis");
            v.get("interval")[k] = engine(s.out(), "interval");
            v.get("sat")[k] = engine(s.out(), "sat");
        }
        Map<String, Double> m = new HashMap<>();
        v.forEach((k, xs) -> m.put(k, ProcessRun.median(xs)));
        List<String> out = new ArrayList<>();
        out.add("| part of the README check (--format json) | median ms | measured by |");
        out.add("|---|---:|---|");
        row(out, "whole process, wall", m.get("wall"), "/usr/bin/time");
        row(out, "  launcher script alone (no JVM)", launcherAlone * 1000, "the start-up table above");
        row(out, "  JVM alone, start to exit", jvmAlone * 1000, "the start-up table above");
        row(out, "  JVM creation in this run (before the main class)", m.get("jvm-create"), "JVM counters sun.rt.createVm*");
        row(out, "  iovacheck's entry point to its report", m.get("since-start"), "JSON timing.since-start-millis");
        row(out, "    reading and parsing the host file and the guest", m.get("reading"), "timing.reading-millis");
        row(out, "    resolving (host semantics, the question)", m.get("resolving"), "timing.resolving-millis");
        row(out, "    engines: pre-filter, both engines, cross-check", m.get("engines"), "timing.engines-millis");
        row(out, "      interval engine's own call", m.get("interval"), "engines[].millis");
        row(out, "      sat engine's own call (encoding, SAT4J, proof check)", m.get("sat"), "engines[].millis");
        row(out, "    the rest: command line (picocli), receipt, hint", m.get("since-start") - m.get("reading") - m.get("resolving") - m.get("engines"),
                "difference");
        row(out, "  outside the entry point: launcher, JVM start, main class, writing the report, exit", m.get("wall") - m.get("since-start"),
                "difference");
        out.add(String.format(Locale.ROOT, "| class loading, linking and static initialisation, over the whole run (%.0f classes, %.0f of them "
                + "from the class-data archive) | %.1f | JVM counter sun.cls.time |", m.get("classes"), m.get("shared"), m.get("cls-time")));
        return out;
    }

    private static void row(List<String> out, String what, double ms, String how) {
        out.add(String.format(Locale.ROOT, "| %s | %.1f | %s |", what.replace("  ", "&nbsp;&nbsp;"), ms, how));
    }

    /** The JVM's counters saved in {@code perf}, read with that JDK's jstat; empty when they cannot be read. */
    private static Map<String, String> counters(Path dir, Path jstat, Path perf) throws Exception {
        Map<String, String> c = new HashMap<>();
        if (!Files.isExecutable(jstat) || !Files.exists(perf)) {
            return c;
        }
        Sample s = ProcessRun.time(dir, List.of(jstat.toString(), "-J-Djstat.showUnsupported=true", "-snap", perf.toUri().toString()), List.of(), 60);
        for (String line : s.out().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                c.put(line.substring(0, eq), line.substring(eq + 1).replace("\"", "").trim());
            }
        }
        for (String need : List.of("sun.os.hrt.frequency", "sun.rt.createVmEndTime", "sun.rt.createVmBeginTime", "sun.cls.time",
                "java.cls.loadedClasses", "java.cls.sharedLoadedClasses")) {
            if (!c.containsKey(need)) {
                return Map.of();
            }
        }
        return c;
    }

    private static double json(String out, String key) {
        Matcher m = Pattern.compile("\"" + key + "\" : ([0-9.E-]+)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no " + key + " in the JSON output");
        }
        return Double.parseDouble(m.group(1));
    }

    private static double engine(String out, String name) {
        Matcher m = Pattern.compile("\"name\" : \"" + name + "\",[^}]*?\"millis\" : ([0-9.E-]+)", Pattern.DOTALL).matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no engine " + name + " in the JSON output");
        }
        return Double.parseDouble(m.group(1));
    }

    /** The java the launcher runs (its dry run prints the command). */
    private static String chosenJava(Path dir, String launcher) throws Exception {
        Sample s = ProcessRun.time(dir, List.of("env", "IOVACHECK_DRY_RUN=1", launcher, "--version"), List.of(), 900);
        return s.firstLine().split(" ")[0];
    }

    /** A JDK 17 home other than the one the launcher chose, or null (then there is nothing to compare). */
    private static String jdk17(String chosenJava) throws Exception {
        Path chosen = Path.of(chosenJava).toRealPath().getParent().getParent();
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (var s = Files.list(jvms)) {
            for (Path home : s.sorted().toList()) {
                Path release = home.resolve("release");
                if (Files.isReadable(release) && Files.readString(release).contains("JAVA_VERSION=\"17")
                        && Files.isExecutable(home.resolve("bin/java")) && !home.toRealPath().equals(chosen)) {
                    return home.toRealPath().toString();
                }
            }
        }
        return null;
    }
}
