package org.iovacheck.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.iovacheck.engine.CheckAnswer;
import org.iovacheck.model.Group;
import org.iovacheck.model.Host;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.iovacheck.report.Receipt;
import picocli.CommandLine;

/** Collects a {@link Receipt}: the files an answer was read from (by the sources its model records), engines, certificates. */
final class Receipts {
    /** Options that only say where to write artefacts: left out of the command that reproduces the answer. */
    private static final Set<String> OUTPUT_OPTIONS = Set.of("--html", "--proof", "--save-counterexample");

    private final Set<String> inputs = new TreeSet<>();
    private final Set<String> seen = new java.util.HashSet<>();
    private final List<String> engines = new ArrayList<>();
    private final Set<String> certificates = new TreeSet<>();

    /** Every file the host was read from: the host file, group files of a tree, files a host file names. */
    Receipts host(Host h) {
        file(h.source());
        for (Group g : h.groups()) {
            file(g.source());
            if (g.regions() instanceof org.iovacheck.model.RegionTable t) {
                t.files().forEach(this::file);
                continue;
            }
            for (ReservedRegion r : g.regions()) {
                file(r.source());
            }
        }
        h.bridgeWindows().forEach(w -> file(w.source()));
        h.msiOverrides().forEach(o -> file(o.source()));
        return this;
    }

    /** A file given on the command line (a layout file, a class, a fleet file); presets and directories are not files. */
    Receipts file(String path) {
        // every region names its file: look each distinct name up once (a dump of 10^6 regions is one file)
        if (path != null && !path.isEmpty() && !path.startsWith("<") && seen.add(path)) {
            try {
                if (Files.isRegularFile(Path.of(path), LinkOption.NOFOLLOW_LINKS)) {
                    inputs.add(path);
                }
            } catch (java.nio.file.InvalidPathException e) {
                // a label, not a file name
            }
        }
        return this;
    }

    private void file(Source s) {
        if (s != null) {
            file(s.file());
        }
    }

    Receipts engines(Collection<CheckAnswer> answers, String on) {
        for (CheckAnswer a : answers) {
            engines.add(a.engine() + ": " + a.verdict() + (on == null ? "" : " on " + on));
        }
        return this;
    }

    Receipts engine(String line) {
        engines.add(line);
        return this;
    }

    Receipts certificate(Path p) {
        certificates.add(p.toString());
        return this;
    }

    Receipt build(CommandLine.Model.CommandSpec spec) {
        List<Receipt.Digest> in = new ArrayList<>();
        for (String f : inputs) {
            in.add(new Receipt.Digest(f, sha256(Path.of(f))));
        }
        List<Receipt.Digest> certs = new ArrayList<>();
        for (String f : certificates) {
            certs.add(new Receipt.Digest(f, sha256(Path.of(f))));
        }
        return new Receipt(Receipt.toolVersion(), in, engines, certs, reproduce(spec));
    }

    /** The command as typed, without the options that only name output files (a rerun would find them there and refuse). */
    static String reproduce(CommandLine.Model.CommandSpec spec) {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        StringBuilder cmd = new StringBuilder("iovacheck");
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (OUTPUT_OPTIONS.contains(name)) {
                if (!a.contains("=") && i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
                    i++;
                }
                continue;
            }
            cmd.append(' ').append(a.matches("[A-Za-z0-9_./:=,@+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return cmd.toString();
    }

    private static String sha256(Path p) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            return "unreadable now: " + e.getMessage();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
