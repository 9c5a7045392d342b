package org.iovacheck.format;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.Host;

/**
 * Saves a counterexample as a folder {@code <host>-<guest>-<hash>/} holding {@code host.yaml} and {@code guest.layout}
 * (which {@code iovacheck check --host host.yaml --guest guest.layout} replays) and, when given, the Alloy instance
 * {@code instance.xml}; the hash is of the content, files are written atomically and an existing file is never replaced.
 */
public final class CounterexampleWriter {
    private CounterexampleWriter() {
    }

    public static Path save(Path dir, Host host, GuestLayout guest, List<String> comments, String alloyInstanceXml) throws IOException {
        String h = InstanceWriter.hostYaml(host, comments);
        String g = InstanceWriter.layoutText(guest, comments);
        String guestName = guest.origin().substring(guest.origin().lastIndexOf('/') + 1);
        NewFile.folder(dir);
        Path folder = dir.resolve(fileName(host.name()) + "-" + fileName(guestName) + "-" + InstanceWriter.digest(h + g));
        InstanceWriter.writeNew(folder, "host.yaml", h);
        InstanceWriter.writeNew(folder, "guest.layout", g);
        if (alloyInstanceXml != null) {
            InstanceWriter.writeNew(folder, "instance.xml", alloyInstanceXml);
        }
        return folder;
    }

    private static String fileName(String s) {
        String f = s.replaceAll("[^A-Za-z0-9._-]+", "_");
        return f.length() > 40 ? f.substring(0, 40) : f;
    }
}
