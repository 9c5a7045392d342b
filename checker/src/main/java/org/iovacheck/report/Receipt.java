package org.iovacheck.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Immutable; what an answer rests on, printed with it (JSON {@code receipt}, the HTML page's last section): the tool's version
 * from the build, the SHA-256 of every input file read, each engine's answer, the certificates written and one command that
 * reproduces the answer. Nothing in it depends on the clock, so the same inputs give the same receipt.
 */
public record Receipt(String version, List<Digest> inputs, List<String> engines, List<Digest> certificates, String reproduce) {
    /** Immutable; a file and the SHA-256 of its bytes (hex). */
    public record Digest(String path, String sha256) {
    }

    public Receipt {
        inputs = List.copyOf(inputs);
        engines = List.copyOf(engines);
        certificates = List.copyOf(certificates);
    }

    /** The version the Maven build wrote into org/iovacheck/version.properties ("unknown" outside a build). */
    public static String toolVersion() {
        try (InputStream in = Receipt.class.getResourceAsStream("/org/iovacheck/version.properties")) {
            if (in == null) {
                return "unknown (not built by Maven)";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "");
            return v.isEmpty() || v.startsWith("${") ? "unknown (not built by Maven)" : v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void json(ObjectNode root) {
        ObjectNode r = root.putObject("receipt");
        r.put("tool", "iovacheck");
        r.put("version", version);
        ArrayNode in = r.putArray("inputs");
        for (Digest d : inputs) {
            in.addObject().put("path", d.path()).put("sha256", d.sha256());
        }
        ArrayNode en = r.putArray("engines");
        engines.forEach(en::add);
        ArrayNode ce = r.putArray("certificates");
        for (Digest d : certificates) {
            ce.addObject().put("path", d.path()).put("sha256", d.sha256());
        }
        r.put("reproduce", reproduce);
    }

    void html(StringBuilder sb) {
        sb.append("<h2>Receipt</h2>\n<table>\n<tr><th>tool</th><td>iovacheck ").append(HtmlReport.e(version)).append("</td></tr>\n");
        sb.append("<tr><th>reproduce</th><td><code>").append(HtmlReport.e(reproduce)).append("</code></td></tr>\n");
        for (Digest d : inputs) {
            sb.append("<tr><th>input</th><td><code>").append(HtmlReport.e(d.path())).append("</code> SHA-256 <code>").append(d.sha256())
                    .append("</code></td></tr>\n");
        }
        for (String e : engines) {
            sb.append("<tr><th>engine</th><td>").append(HtmlReport.e(e)).append("</td></tr>\n");
        }
        for (Digest d : certificates) {
            sb.append("<tr><th>certificate</th><td><code>").append(HtmlReport.e(d.path())).append("</code> SHA-256 <code>")
                    .append(d.sha256()).append("</code></td></tr>\n");
        }
        sb.append("</table>\n");
    }
}
