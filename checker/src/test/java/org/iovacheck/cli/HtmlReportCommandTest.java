package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** check --html and place --html: a well-formed page whose picture and tables show the conflicts, user text escaped, no file ever replaced. */
class HtmlReportCommandTest {
    @TempDir
    Path dir;

    private static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    private static int count(Document d, String xpath) throws Exception {
        return ((NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, d, XPathConstants.NODESET)).getLength();
    }

    @Test
    void d05PageShowsTheDoorbellOverlapInPictureAndTable() throws Exception {
        Path page = dir.resolve("d05.html");
        Cli r = Cli.run("check", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", "qemu-virt", "--ram", "4G", "--html", page.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().startsWith("verdict: UNSAFE"), "stdout keeps the text answer: " + r.out());
        String html = Files.readString(page);
        Document d = parse(html);
        assertEquals("iovacheck check: UNSAFE", d.getElementsByTagName("h1").item(0).getTextContent());
        assertEquals(1, count(d, "//rect[@class='hit']"), "one overlap box");
        String hit = (String) XPathFactory.newInstance().newXPath().evaluate("//rect[@class='hit']/title", d, XPathConstants.STRING);
        assertTrue(hit.contains("msi-hw 0x00000000c6010000-0x00000000c601ffff"), hit);
        assertEquals(1, count(d, "//rect[@class='r-msi-hw']"), "the bypass doorbell is drawn");
        assertTrue(count(d, "//rect[@class='g-ram']") >= 1, "guest RAM is drawn");
        assertTrue(html.contains("0x00000000c6010000-0x00000000c601ffff</code> (64 KiB)"), "the conflict table gives the exact overlap");
        assertTrue(html.contains("--ram 4G --html"), "the page names the command that made it");
        assertTrue(html.contains("<code>iovacheck check --host "), "the command once, not 'check check'");
        assertFalse(html.contains("<script"), "no scripts");

        Cli safe = Cli.run("check", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", "qemu-virt", "--ram", "2144M", "--html", page.toString());
        assertEquals(2, safe.exit(), "an existing page is not replaced: " + safe.out() + safe.err());
        assertTrue(safe.err().contains("already exists"), safe.err());
        assertEquals(html, Files.readString(page), "the first page is untouched");
    }

    @Test
    void namesFromUserFilesAreEscaped() throws Exception {
        Path layout = Files.writeString(dir.resolve("guest.layout"),
                "0x40000000 0xc7ffffff ram <script>alert(\"x\")</script> & 'co'\n");
        Path page = dir.resolve("escaped.html");
        Cli r = Cli.run("check", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", layout.toString(), "--html", page.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        String html = Files.readString(page);
        assertFalse(html.contains("<script>"), "user text must not become markup");
        assertTrue(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;"), html);
        Document d = parse(html);
        assertEquals(0, count(d, "//script"));
    }

    @Test
    void everyShippedHostGivesAWellFormedPage() throws Exception {
        try (var hosts = Files.list(Path.of(Cli.HOSTS))) {
            for (Path h : hosts.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                Path page = dir.resolve(h.getFileName() + ".html");
                Cli r = Cli.run("check", "--host", h.toString(), "--guest", "qemu-virt", "--ram", "64G", "--html", page.toString());
                assertTrue(r.exit() <= 1, h + ": " + r.err());
                Document d = parse(Files.readString(page));
                String verdict = r.out().lines().findFirst().orElseThrow().substring("verdict: ".length());
                assertEquals("iovacheck check: " + verdict, d.getElementsByTagName("h1").item(0).getTextContent(), h.toString());
                int conflicts = r.out().split("\n    overlap ", -1).length - 1;
                assertEquals(conflicts, count(d, "//rect[@class='hit']"), h + ": one overlap box per conflict");
            }
        }
    }

    @Test
    void placePagesShowTheFoundLayoutOrTheBlockingRanges() throws Exception {
        Path found = dir.resolve("found.html");
        Cli r = Cli.run("place", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", "kvmtool-arm64", "--ram", "4G", "--html", found.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        String html = Files.readString(found);
        Document d = parse(html);
        assertEquals("iovacheck place: FOUND", d.getElementsByTagName("h1").item(0).getTextContent());
        assertTrue(html.contains("-m 4G@"), "the VMM options that produce the layout");
        assertTrue(count(d, "//rect[@class='g-ram']") >= 1, "the placed RAM is drawn");
        assertEquals(1, count(d, "//rect[@class='r-msi-hw']"), "against the host's doorbell");
        assertEquals(0, count(d, "//rect[@class='hit']"), "a found layout has no overlap");

        Path none = dir.resolve("infeasible.html");
        Cli n = Cli.run("place", "--host", Cli.HOSTS + "amd-epyc.yaml", "--guest", "qemu-q35", "--ram", "1100G", "--set", "phys-bits=48",
                "--set", "amd=on", "--set", "machine=7.0", "--html", none.toString());
        assertEquals(1, n.exit(), n.out() + n.err());
        String page = Files.readString(none);
        Document nd = parse(page);
        assertEquals("iovacheck place: INFEASIBLE", nd.getElementsByTagName("h1").item(0).getTextContent());
        assertTrue(page.contains("<code>0x000000fd00000000-0x000000ffffffffff</code>"), "the HyperTransport hole is named as blocking");
        // the verdict badge is white text: its class must give it a background, or the badge shows empty
        assertTrue(page.contains("<span class=\"verdict v-infeasible\">INFEASIBLE</span>"), page);
        assertTrue(page.matches("(?s).*\\.v-infeasible \\{ background: #[0-9a-f]{6}; \\}.*"), "INFEASIBLE badge has a colour");
        assertTrue(html.matches("(?s).*\\.v-found \\{ background: #[0-9a-f]{6}; \\}.*"), "FOUND badge has a colour");
        assertTrue(page.contains("<code>iovacheck place --host "), "the command once, as typed: " + page.lines().filter(l -> l.contains("cmd")).toList());

        Cli again = Cli.run("place", "--host", Cli.HOSTS + "hisilicon-d05.yaml", "--guest", "kvmtool-arm64", "--ram", "2G", "--html", found.toString());
        assertEquals(2, again.exit(), again.out() + again.err());
        assertEquals(html, Files.readString(found), "the first page is untouched");
    }

    @Test
    void aPageWithThousandsOfConflictsIsSummarisedWhileTheJsonKeepsAll() throws Exception {
        int n = 30_000;
        StringBuilder sb = new StringBuilder();
        for (long i = 0; i < n; i++) {
            long a = 0x40000000L + i * 0x2000;
            sb.append(String.format("0x%016x 0x%016x reserved%n", a, a + 0xfff));
        }
        Path host = Files.writeString(dir.resolve("reserved_regions"), sb);
        Path page = dir.resolve("many.html");
        Cli r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(120), () -> Cli.run("check", "--host",
                host.toString(), "--guest", "qemu-virt", "--ram", "4G", "--engine", "interval", "--html", page.toString()));
        assertEquals(1, r.exit(), r.err());
        String html = Files.readString(page);
        assertTrue(html.length() < 2_000_000, "page of " + html.length() + " bytes");
        assertTrue(html.contains((n - org.iovacheck.report.HtmlReport.MAX_CONFLICT_ROWS) + " more conflict(s) not shown"), "says what it left out");
        assertTrue(html.contains("<h3>Conflicts (" + n + ")</h3>"), "the count is of all conflicts");
        parse(html);
        Cli j = Cli.run("check", "--host", host.toString(), "--guest", "qemu-virt", "--ram", "4G", "--engine", "interval", "--format", "json");
        assertEquals(n, tools.jackson.databind.json.JsonMapper.builder().build().readTree(j.out()).get("conflicts").size());
    }
}
