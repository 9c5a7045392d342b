package org.iovacheck.format.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iovacheck.format.InputException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Mutable; line edits on a domain XML text, located through the {@link LineDom} lines of the elements: attribute values and
 * one-line elements are replaced in place, new elements are inserted on their own line before their parent's end tag (on the end
 * tag's line, just before it, when that line holds more).
 */
final class DomainTextEdit {
    private final List<String> lines;
    private final Document doc;
    private final String file;
    /** Current 0-based index of each original 1-based line (insertions move the lines after them). */
    private final int[] pos;

    DomainTextEdit(String text, Document doc, String file) {
        this.lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        this.doc = doc;
        this.file = file;
        this.pos = new int[lines.size() + 1];
        for (int i = 1; i < pos.length; i++) {
            pos[i] = i - 1;
        }
    }

    String text() {
        return String.join("\n", lines);
    }

    private int index(int originalLine) {
        return pos[Math.max(1, Math.min(originalLine, pos.length - 1))];
    }

    private Element child(Element parent, String name) {
        List<Element> l = Xml.children(parent, name);
        return l.isEmpty() ? null : l.get(0);
    }

    private void replaceOnLine(Element e, Pattern p, String replacement) throws InputException {
        replaceOnLine(e, p, m -> replacement);
    }

    /** Replaces the first match of {@code p} on the element's line by what {@code replacement} makes of the match (taken literally). */
    private void replaceOnLine(Element e, Pattern p, java.util.function.Function<Matcher, String> replacement) throws InputException {
        int i = index(LineDom.line(e));
        Matcher m = p.matcher(lines.get(i));
        if (!m.find()) {
            throw new InputException(file, LineDom.line(e), "--write: <" + e.getTagName() + "> is not written on one line; apply the printed change by hand");
        }
        lines.set(i, m.replaceFirst(Matcher.quoteReplacement(replacement.apply(m))));
    }

    /** An empty element written as {@code <tag .../>} becomes {@code <tag ...>content</tag>}, its attributes kept. */
    private void fillEmpty(Element e, String content) throws InputException {
        String tag = e.getTagName();
        replaceOnLine(e, Pattern.compile("<" + tag + "\\b([^>]*?)\\s*/>"), m -> "<" + tag + m.group(1) + ">" + content + "</" + tag + ">");
    }

    /** Inserts a line before the end tag of the parent (found as the line of its last child's end, or the parent's own line). */
    private void insertBeforeEnd(Element parent, String content) throws InputException {
        String end = "</" + parent.getTagName() + ">";
        int from = index(LineDom.line(parent));
        for (int i = from; i < lines.size(); i++) {
            int at = lines.get(i).indexOf(end);
            if (at >= 0) {
                String before = lines.get(i).substring(0, at);
                if (!before.isBlank()) {
                    // the end tag shares its line (a document on one line): the new element goes just before it on that line
                    lines.set(i, before + content + lines.get(i).substring(at));
                    return;
                }
                lines.add(i, before + "  " + content);
                for (int k = 1; k < pos.length; k++) {
                    if (pos[k] >= i) {
                        pos[k]++;
                    }
                }
                return;
            }
        }
        throw new InputException(file, LineDom.line(parent), "--write: no " + end + " found; apply the printed change by hand");
    }

    private static Pattern attr(String name) {
        return Pattern.compile("\\b" + name + "=(['\"])[^'\"]*\\1");
    }

    void machine(String name) throws InputException {
        Element type = child(child(doc.getDocumentElement(), "os"), "type");
        replaceOnLine(type, attr("machine"), "machine='" + name + "'");
    }

    void memory(long bytes) throws InputException {
        for (String n : List.of("memory", "currentMemory")) {
            Element e = child(doc.getDocumentElement(), n);
            if (e != null) {
                replaceOnLine(e, Pattern.compile("<" + n + "\\b[^>]*>[^<]*</" + n + ">"), "<" + n + " unit='KiB'>" + bytes / 1024 + "</" + n + ">");
            }
        }
    }

    void maxMemory(long bytes, String slots) throws InputException {
        String el = "<maxMemory" + (slots == null ? "" : " slots='" + slots + "'") + " unit='KiB'>" + bytes / 1024 + "</maxMemory>";
        Element e = child(doc.getDocumentElement(), "maxMemory");
        if (e != null) {
            replaceOnLine(e, Pattern.compile("<maxMemory\\b[^>]*>[^<]*</maxMemory>"), el);
        } else {
            insertBeforeEnd(doc.getDocumentElement(), el);
        }
    }

    void maxphysaddr(boolean passthrough, String bits) throws InputException {
        String el = passthrough ? "<maxphysaddr mode='passthrough' limit='" + bits + "'/>" : "<maxphysaddr mode='emulate' bits='" + bits + "'/>";
        Element cpu = child(doc.getDocumentElement(), "cpu");
        if (cpu == null) {
            insertBeforeEnd(doc.getDocumentElement(), "<cpu>" + el + "</cpu>");
            return;
        }
        Element m = child(cpu, "maxphysaddr");
        if (m != null) {
            replaceOnLine(m, Pattern.compile("<maxphysaddr\\b[^>]*/>"), el);
        } else if (Xml.children(cpu).isEmpty()) {
            fillEmpty(cpu, el);
        } else {
            insertBeforeEnd(cpu, el);
        }
    }

    void pcihole64(String model, long bytes) throws InputException {
        String el = "<pcihole64 unit='KiB'>" + bytes / 1024 + "</pcihole64>";
        Element devices = child(doc.getDocumentElement(), "devices");
        if (devices == null) {
            throw new InputException(file, 0, "--write: no <devices>; apply the printed change by hand");
        }
        for (Element c : Xml.children(devices, "controller")) {
            if ("pci".equals(c.getAttribute("type")) && "0".equals(c.getAttribute("index"))) {
                Element h = child(c, "pcihole64");
                if (h != null) {
                    replaceOnLine(h, Pattern.compile("<pcihole64\\b[^>]*>[^<]*</pcihole64>"), el);
                } else if (Xml.children(c).isEmpty() && c.getTextContent().isBlank()) {
                    fillEmpty(c, el);
                } else {
                    insertBeforeEnd(c, el);
                }
                return;
            }
        }
        insertBeforeEnd(devices, "<controller type='pci' index='0' model='" + model + "'>" + el + "</controller>");
    }

    void machineArg(String arg) throws InputException {
        qemuArgs("-machine", arg);
    }

    void qemuArgs(String option, String arg) throws InputException {
        Element root = doc.getDocumentElement();
        if (!root.hasAttribute("xmlns:qemu")) {
            replaceOnLine(root, Pattern.compile("<domain\\b"), "<domain xmlns:qemu='" + DomainReader.QEMU_NS + "'");
        }
        insertBeforeEnd(root, "<qemu:commandline><qemu:arg value='" + option + "'/><qemu:arg value='" + arg + "'/></qemu:commandline>");
    }
}
