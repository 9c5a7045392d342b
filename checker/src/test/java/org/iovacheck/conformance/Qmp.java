package org.iovacheck.conformance;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One QEMU process driven over QMP on stdio: started with the harness flags (TCG, -nodefaults, no display), asked
 * commands one at a time, then told to quit. Mutable, single use; {@link #close} always ends the process.
 */
final class Qmp implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Process process;
    private final BufferedReader out;
    private final OutputStream in;
    private final Path stderr;

    /** Immutable; how a start ended when QEMU refused the configuration: its exit code and what it printed on stderr. */
    record Refusal(int exitCode, String message) {
    }

    private Qmp(Process process, Path stderr) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = process.getOutputStream();
        this.stderr = stderr;
    }

    /** The binary on PATH, if any. */
    static Optional<Path> binary(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts QEMU with {@code args} plus QMP on stdio; returns the session once QMP answers, or the refusal when QEMU exits
     * before (a configuration error). {@code stderr} receives QEMU's error output.
     */
    static Object start(Path binary, List<String> args, Path stderr) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.addAll(args);
        cmd.addAll(List.of("-display", "none", "-nodefaults", "-qmp", "stdio", "-serial", "none", "-monitor", "none"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderr.toFile());
        Qmp q = new Qmp(pb.start(), stderr);
        JsonNode greeting = q.read();
        if (greeting == null || !greeting.has("QMP")) {
            int code = q.process.waitFor(20, TimeUnit.SECONDS) ? q.process.exitValue() : -1;
            q.close();
            return new Refusal(code, Files.readString(stderr).strip());
        }
        try {
            // QEMU 7.2 greets before it builds the machine, so a configuration error can still end the process here
            q.command("qmp_capabilities", null);
            q.command("query-status", null);
        } catch (IOException e) {
            int code = q.process.waitFor(20, TimeUnit.SECONDS) ? q.process.exitValue() : -1;
            q.close();
            if (code == -1) {
                throw e;
            }
            return new Refusal(code, Files.readString(stderr).strip());
        }
        return q;
    }

    /** The next JSON line that is not an event, or null at end of output. */
    private JsonNode read() throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            JsonNode n = JSON.readTree(line);
            if (!n.has("event")) {
                return n;
            }
        }
        return null;
    }

    /** Runs one QMP command and returns its "return" value; an "error" answer or a dead process fails the test with QEMU's words. */
    JsonNode command(String name, ObjectNode arguments) throws IOException {
        ObjectNode c = JSON.createObjectNode().put("execute", name);
        if (arguments != null) {
            c.set("arguments", arguments);
        }
        in.write((JSON.writeValueAsString(c) + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        JsonNode r = read();
        if (r == null || !r.has("return")) {
            throw new IOException("QMP " + name + " answered " + r + "; stderr: " + Files.readString(stderr).strip());
        }
        return r.get("return");
    }

    /** An HMP command through human-monitor-command, e.g. "info mtree -f"; the text with CR removed. */
    String hmp(String commandLine) throws IOException {
        return command("human-monitor-command", JSON.createObjectNode().put("command-line", commandLine)).asString().replace("\r", "");
    }

    /** qom-get of an integer property. */
    long qomLong(String path, String property) throws IOException {
        return command("qom-get", JSON.createObjectNode().put("path", path).put("property", property)).asLong();
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                try {
                    in.write("{\"execute\":\"quit\"}\n".getBytes(StandardCharsets.UTF_8));
                    in.flush();
                } catch (IOException e) {
                    // already gone
                }
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
