package org.iovacheck.format.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iovacheck.format.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Which files are configurations, saved command lines split as a shell would (docs/qemu-argv.md), and the XML reader's lines. */
class ConfigFilesTest {
    @TempDir
    Path dir;

    @Test
    void configurationsAreXmlOrACommandLine() throws Exception {
        assertTrue(ConfigFiles.isConfig(Files.writeString(dir.resolve("a.xml"), "\n  <domain type='kvm'/>")));
        assertTrue(ConfigFiles.isConfig(Files.writeString(dir.resolve("b"), "# saved\n-machine q35 -m 1G\n")));
        assertTrue(ConfigFiles.isConfig(Files.writeString(dir.resolve("c"), "/usr/bin/qemu-system-x86_64 -m 1G\n")));
        assertTrue(ConfigFiles.isConfig(Files.writeString(dir.resolve("d"), "  # c\n/usr/libexec/qemu-kvm -m 1G\n")));
        assertFalse(ConfigFiles.isConfig(Files.writeString(dir.resolve("e.layout"), "# a layout\n0x0 0xfff ram\n")));
        assertFalse(ConfigFiles.isConfig(dir.resolve("missing")));
        assertFalse(ConfigFiles.isConfig(dir));
        assertFalse(ConfigFiles.isConfig(Files.writeString(dir.resolve("f"), "")));
        GuestConfig x = ConfigFiles.read(Files.writeString(dir.resolve("g.xml"), "<domain type='kvm'><memory>1048576</memory><os><type machine='q35'>hvm</type></os></domain>"));
        assertEquals(GuestConfig.Syntax.LIBVIRT, x.syntax());
        assertEquals(dir.resolve("g.xml").toString(), x.file());
        GuestConfig a = ConfigFiles.read(dir.resolve("b"));
        assertEquals(GuestConfig.Syntax.QEMU_ARGV, a.syntax());
        assertEquals(Long.toString(1L << 30), a.settings().get("ram"));
        assertEquals(dir.resolve("b").toString(), a.file());
    }

    @Test
    void wordsAsAShellSplitsThem() throws InputException {
        assertEquals(List.of("-m", "1G"), ConfigFiles.words("  -m\t1G  \n", "f"));
        assertEquals(List.of("a b", "c"), ConfigFiles.words("\"a b\" c", "f"));
        assertEquals(List.of("a\\b", "$x", "`y`", "\\z"), ConfigFiles.words("\"a\\\\b\" \"\\$x\" \"\\`y`\" \"\\z\"", "f"));
        assertEquals(List.of("it's"), ConfigFiles.words("'it'\\''s'", "f"));
        assertEquals(List.of("ab"), ConfigFiles.words("a\\\nb", "f"));
        assertEquals(List.of("a#b", "c"), ConfigFiles.words("a#b c # gone\n", "f"));
        assertEquals(List.of("", "x"), ConfigFiles.words("'' x", "f"));
        assertEquals(List.of("x\\"), ConfigFiles.words("x\\", "f"), "a backslash at the very end stays");
        assertEquals(List.of("a\"b", "x"), ConfigFiles.words("\"a\\\"b\" x", "f"), "\\\" inside double quotes is a quote");
        assertEquals(List.of("-m", "1G"), ConfigFiles.words("# saved\n-m 1G", "f"), "a comment line before an option at column 0");
        assertEquals(List.of("x", "-m", "1G"), ConfigFiles.words("x # c\n-m 1G", "f"));
        assertEquals(List.of("-m", "1G"), ConfigFiles.words("-m 1G # no newline after the comment", "f"));
        InputException end = assertThrows(InputException.class, () -> ConfigFiles.words("-name \"abc\\", "f"));
        assertEquals("unterminated \" quote", end.problem(), "a backslash as the last character inside an open quote");
        assertEquals(1, end.line());
        InputException e = assertThrows(InputException.class, () -> ConfigFiles.words("\n# only comments\n", "f"));
        assertEquals(0, e.line());
        assertEquals("empty command line", e.problem());
        InputException q = assertThrows(InputException.class, () -> ConfigFiles.words("a \\\n b\n \"c\nd", "f"));
        assertEquals(3, q.line(), "the line where the quote opens, continuations counted");
        assertEquals("unterminated \" quote", q.problem());
        InputException s = assertThrows(InputException.class, () -> ConfigFiles.words("'x\n\n", "f"));
        assertEquals(1, s.line());
        InputException after = assertThrows(InputException.class, () -> ConfigFiles.words("'a\nb' 'c", "f"));
        assertEquals(2, after.line(), "lines inside a closed quote count");
    }

    @Test
    void xmlElementsKnowTheirLine() throws InputException {
        Document d = LineDom.parse("<?xml version='1.0'?>\n<domain type='kvm'>\n  <!-- c -->\n  <os>\n    <type\n      machine='q35'>hvm</type>\n"
                + "  </os>\n</domain>\n", "d.xml");
        Element root = d.getDocumentElement();
        assertEquals(2, LineDom.line(root));
        Element os = Xml.children(root).get(0);
        assertEquals(4, LineDom.line(os));
        assertEquals(6, LineDom.line(Xml.children(os).get(0)), "the line where the start tag ends");
        assertEquals(0, LineDom.line(d));
        assertEquals(" c ", root.getChildNodes().item(1).getNodeValue(), "comments are kept");
        InputException bad = assertThrows(InputException.class, () -> LineDom.parse("<domain>\n<os>\n</domain>", "d.xml"));
        assertEquals(3, bad.line());
        assertTrue(bad.problem().startsWith("malformed XML: "), bad.problem());
        InputException doctype = assertThrows(InputException.class, () -> LineDom.parse("<!DOCTYPE domain [<!ENTITY x 'y'>]>\n<domain>&x;</domain>",
                "d.xml"));
        assertTrue(doctype.problem().startsWith("malformed XML: "), doctype.problem());
        assertEquals("d.xml", doctype.file());
        assertEquals("<os> given twice inside <domain>", assertThrows(InputException.class,
                () -> Xml.child(LineDom.parse("<domain><os/>\n<os/></domain>", "d.xml").getDocumentElement(), "os", "d.xml")).problem());
        assertEquals(2, assertThrows(InputException.class,
                () -> Xml.child(LineDom.parse("<domain><os/>\n<os/></domain>", "d.xml").getDocumentElement(), "os", "d.xml")).line());
        Element e = LineDom.parse("<a x=' 1 '> t <b/>text</a>", "f").getDocumentElement();
        assertEquals("1", Xml.attr(e, "x"));
        assertEquals(null, Xml.attr(e, "y"));
        assertEquals("t text", Xml.text(e));
        assertEquals(1, Xml.children(e).size());
        assertEquals(List.of(), Xml.children(e, "c"));
    }
}
