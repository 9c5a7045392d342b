package org.iovacheck.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The z3 command-line solver as a peer: the instance is written as an SMT-LIB 2 file (untimed), then each run is
 * {@code z3 -smt2 -T:<limit s> FILE} timed from process start to exit, so the wall time includes z3's start-up.
 */
final class Z3Cli implements Peer {
    private final String version;

    Z3Cli() {
        this.version = probeVersion();
    }

    @Override
    public String name() {
        return version.isEmpty() ? "z3" : "z3 " + version;
    }

    @Override
    public String unavailableReason() {
        return version.isEmpty() ? "no z3 binary on PATH (bench/run installs the Debian package z3; that failed or was skipped)" : "";
    }

    @Override
    public Run prepare(Instance in) throws IOException {
        return script(SmtLibText.of(in));
    }

    @Override
    public Run trivial() throws IOException {
        return script(SmtLibText.trivial());
    }

    private Run script(String text) throws IOException {
        Path file = Files.createTempFile("iovacheck-bench-", ".smt2");
        Path out = Files.createTempFile("iovacheck-bench-", ".out");
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        return new Run() {
            @Override
            public PeerResult solve(long limitMillis) throws Exception {
                long seconds = Math.max(1, (limitMillis + 999) / 1000);
                ProcessBuilder pb = new ProcessBuilder("z3", "-smt2", "-T:" + seconds, file.toString());
                pb.redirectErrorStream(true).redirectOutput(out.toFile());
                long t0 = System.nanoTime();
                Process p = pb.start();
                boolean exited = p.waitFor(limitMillis + 5_000, TimeUnit.MILLISECONDS);
                double ms = (System.nanoTime() - t0) / 1e6;
                if (!exited) {
                    p.destroyForcibly().waitFor();
                    return new PeerResult(PeerResult.Status.TIMEOUT, null, ms, "killed after " + (limitMillis + 5_000) + " ms");
                }
                List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
                String first = lines.isEmpty() ? "" : lines.get(0).trim();
                return switch (first) {
                    case "sat" -> PeerResult.sat(SmtLibText.parseValue(lines.subList(1, lines.size())), ms);
                    case "unsat" -> PeerResult.unsat(ms);
                    case "timeout" -> new PeerResult(PeerResult.Status.TIMEOUT, null, ms, "z3 -T:" + seconds);
                    case "unknown" -> new PeerResult(PeerResult.Status.UNKNOWN, null, ms, String.join(" ", lines));
                    default -> new PeerResult(PeerResult.Status.ERROR, null, ms, "exit " + p.exitValue() + ": " + String.join(" | ", lines));
                };
            }

            @Override
            public void close() throws IOException {
                Files.deleteIfExists(file);
                Files.deleteIfExists(out);
            }
        };
    }

    private static String probeVersion() {
        try {
            Process p = new ProcessBuilder("z3", "--version").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "";
            }
            String[] words = text.split("\\s+");
            return words.length >= 3 && words[0].equals("Z3") ? words[2] : text;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
