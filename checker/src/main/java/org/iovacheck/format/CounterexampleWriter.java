package org.iovacheck.format;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.Host;

/**
 * Saves a counterexample as a folder {@code <label>-<hash>/} holding {@code host.yaml} and {@code guest.layout}, which
 * {@code iovacheck check --host host.yaml --guest guest.layout} replays; the hash is of the content, files are written
 * atomically and an existing file is never replaced.
 */
public final class CounterexampleWriter {
    private CounterexampleWriter() {
    }

    public static Path save(Path dir, String label, Host host, GuestLayout guest, List<String> comments) throws IOException {
        String h = InstanceWriter.hostYaml(host, comments);
        String g = InstanceWriter.layoutText(guest, comments);
        String safe = label.replaceAll("[^A-Za-z0-9._-]", "_");
        Path folder = dir.resolve(safe + "-" + InstanceWriter.digest(h + "\0" + g));
        InstanceWriter.writeNew(folder, "host.yaml", h);
        InstanceWriter.writeNew(folder, "guest.layout", g);
        return folder;
    }
}
