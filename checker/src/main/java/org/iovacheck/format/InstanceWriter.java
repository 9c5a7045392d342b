package org.iovacheck.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.iovacheck.model.BridgeWindow;
import org.iovacheck.model.Group;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Host;
import org.iovacheck.model.MsiOverride;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.U64;

/**
 * Writes a host and a guest layout back in iovacheck's own input formats so that {@code check} replays them. Files are named
 * after a hash of their content and created by {@link NewFile}, so an existing file is never clobbered or read unbounded.
 */
public final class InstanceWriter {
    private InstanceWriter() {
    }

    /** A host file (YAML) that {@link HostLoader} reads back to an equal host. */
    public static String hostYaml(Host h, List<String> comments) {
        StringBuilder sb = new StringBuilder();
        comments(comments, sb);
        sb.append("name: ").append(quote(h.name())).append('\n');
        sb.append("backend: ").append(h.backend().label()).append('\n');
        sb.append("relaxable: ").append(h.relaxable().label()).append('\n');
        HostFileFacts.write(h, sb);
        if (!h.aperture().isFull()) {
            sb.append("valid-iova:\n");
            for (Range r : h.aperture().valid()) {
                sb.append("  - ").append(U64.shortHex(r.first())).append('-').append(U64.shortHex(r.last())).append('\n');
            }
        }
        sb.append("groups:\n");
        for (Group g : h.groups()) {
            sb.append("  - id: ").append(quote(g.id())).append('\n');
            HostFileFacts.writeGroup(g, sb);
            sb.append("    reserved-regions: |\n");
            for (ReservedRegion r : g.regions()) {
                String type = switch (r.type()) {
                    case MSI_HW, MSI_SW, MSI -> "msi";
                    default -> r.type().label();
                };
                sb.append("      ").append(U64.hex(r.range().first())).append(' ').append(U64.hex(r.range().last()))
                        .append(' ').append(type).append('\n');
            }
        }
        boolean anyMsi = !h.msiOverrides().isEmpty() || h.groups().stream().flatMap(g -> g.regions().stream())
                .anyMatch(r -> r.type() == RegionType.MSI_HW || r.type() == RegionType.MSI_SW);
        if (anyMsi) {
            sb.append("msi:\n");
            for (MsiOverride o : h.msiOverrides()) {
                sb.append("  - range: ").append(U64.shortHex(o.range().first())).append('-').append(U64.shortHex(o.range().last())).append('\n');
                sb.append("    kind: ").append(o.kind().label()).append('\n');
                if (o.group() != null) {
                    sb.append("    group: ").append(quote(o.group())).append('\n');
                }
            }
            for (Group g : h.groups()) {
                for (ReservedRegion r : g.regions()) {
                    if (r.type() == RegionType.MSI_HW || r.type() == RegionType.MSI_SW) {
                        sb.append("  - range: ").append(U64.shortHex(r.range().first())).append('-').append(U64.shortHex(r.range().last())).append('\n');
                        sb.append("    kind: ").append(r.type() == RegionType.MSI_HW ? "hardware" : "software").append('\n');
                        sb.append("    group: ").append(quote(g.id())).append('\n');
                    }
                }
            }
        }
        if (!h.bridgeWindows().isEmpty()) {
            sb.append("bridge-windows:\n");
            for (BridgeWindow w : h.bridgeWindows()) {
                sb.append("  - range: ").append(U64.shortHex(w.range().first())).append('-').append(U64.shortHex(w.range().last())).append('\n');
                if (w.group() != null) {
                    sb.append("    group: ").append(quote(w.group())).append('\n');
                }
                if (w.name() != null) {
                    sb.append("    name: ").append(quote(w.name())).append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** A guest layout file that {@link LayoutParser} reads back to the same regions. */
    public static String layoutText(GuestLayout g, List<String> comments) {
        StringBuilder sb = new StringBuilder();
        comments(comments, sb);
        comments(List.of("from " + g.origin() + (g.vmmOptions().isEmpty() ? "" : ": " + String.join(" ", g.vmmOptions()))), sb);
        for (GuestRegion r : g.regions()) {
            sb.append(U64.hex(r.range().first())).append(' ').append(U64.hex(r.range().last())).append(' ')
                    .append(r.kind().label()).append(' ').append(oneLine(r.name()).replace('#', '_')).append('\n');
        }
        return sb.toString();
    }

    /** Each text as a '#' comment line of its own: a line break or other control character in it becomes a space. */
    private static void comments(List<String> texts, StringBuilder sb) {
        for (String c : texts) {
            sb.append("# ").append(oneLine(c)).append('\n');
        }
    }

    /**
     * The text with every control character (a CR would end the line for YAML and be refused by the line readers; YAML refuses
     * DEL in a comment) and every YAML line break (NEL, LS, PS) replaced by a space.
     */
    private static String oneLine(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> sb.appendCodePoint(isControl(c) ? ' ' : c));
        return sb.toString();
    }

    /**
     * Code points a YAML plain or single-quoted scalar cannot carry as they are: C0 and C1 controls and DEL (YAML 1.2's
     * c-printable excludes all but tab, LF, CR and NEL, and those break lines), the line and paragraph separators, lone
     * surrogates and the non-characters U+FFFE and U+FFFF. Found by fuzzing: a name holding U+0084 was written raw and the
     * written host file no longer read back.
     */
    private static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || (c >= 0xd800 && c <= 0xdfff)
                || c == 0xfffe || c == 0xffff;
    }

    /** A YAML scalar that reads back as exactly {@code s}: single-quoted, or double-quoted with escapes when it holds a control
     *  character (a single-quoted scalar folds a line break into a space). */
    static String quote(String s) {
        if (s.codePoints().noneMatch(InstanceWriter::isControl)) {
            return "'" + s.replace("'", "''") + "'";
        }
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (isControl(c)) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.append('"').toString();
    }

    /** 12 hex digits of the SHA-256 of the text: the content-derived part of file names. */
    public static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes text to dir/name as a new file ({@link NewFile}): dir is created when only it is missing; a regular file that holds
     * exactly this text is left as it is; anything else already there is refused unread. Returns the path.
     */
    public static Path writeNew(Path dir, String name, String text) throws IOException {
        NewFile.folder(dir);
        Path target = dir.resolve(name);
        NewFile.create(target, text, true);
        return target;
    }
}
