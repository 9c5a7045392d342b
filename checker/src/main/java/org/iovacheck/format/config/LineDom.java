package org.iovacheck.format.config;

import java.io.IOException;
import java.io.StringReader;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.iovacheck.format.InputException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.ext.DefaultHandler2;

/**
 * Parses XML into a DOM whose elements carry the 1-based line of their start tag ({@link #line}); malformed XML, a DOCTYPE or
 * an external entity is an InputException naming the file and line. Comments and whitespace are kept so a document can be
 * written back with local edits.
 */
public final class LineDom {
    private static final String LINE = "iovacheck.line";

    private LineDom() {
    }

    public static Document parse(String text, String file) throws InputException {
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://xml.org/sax/features/namespace-prefixes", true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            SAXParser p = f.newSAXParser();
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Builder b = new Builder(doc);
            p.getXMLReader().setProperty("http://xml.org/sax/properties/lexical-handler", b);
            p.parse(new InputSource(new StringReader(text)), b);
            return doc;
        } catch (SAXParseException e) {
            throw new InputException(file, Math.max(e.getLineNumber(), 0), "malformed XML: " + e.getMessage());
        } catch (SAXException | ParserConfigurationException e) {
            throw new InputException(file, 0, "malformed XML: " + e.getMessage());
        } catch (IOException e) {
            throw new InputException(file, 0, "cannot read: " + e.getMessage());
        }
    }

    /** The line of an element's start tag, 0 when unknown. */
    public static int line(Node n) {
        Object o = n.getUserData(LINE);
        return o instanceof Integer i ? i : 0;
    }

    private static final class Builder extends DefaultHandler2 {
        private final Document doc;
        private Node current;
        private Locator locator;

        Builder(Document doc) {
            this.doc = doc;
            this.current = doc;
        }

        @Override
        public void setDocumentLocator(Locator l) {
            this.locator = l;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) {
            Element e = uri == null || uri.isEmpty() ? doc.createElement(qName) : doc.createElementNS(uri, qName);
            for (int i = 0; i < atts.getLength(); i++) {
                String an = atts.getQName(i);
                if (an.startsWith("xmlns")) {
                    e.setAttributeNS("http://www.w3.org/2000/xmlns/", an, atts.getValue(i));
                } else {
                    e.setAttribute(an, atts.getValue(i));
                }
            }
            e.setUserData(LINE, locator == null ? 0 : locator.getLineNumber(), null);
            current.appendChild(e);
            current = e;
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            current = current.getParentNode();
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (current != doc) {
                current.appendChild(doc.createTextNode(new String(ch, start, length)));
            }
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) {
            characters(ch, start, length);
        }

        @Override
        public void comment(char[] ch, int start, int length) {
            current.appendChild(doc.createComment(new String(ch, start, length)));
        }
    }
}
