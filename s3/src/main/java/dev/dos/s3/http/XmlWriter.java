package dev.dos.s3.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/** A small XML writer for S3's response documents: elements, text, escaping; nothing else. */
final class XmlWriter {
    private final StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    private final Deque<String> open = new ArrayDeque<>();

    /** Opens the root element in S3's namespace. */
    XmlWriter root(String name) {
        out.append('<').append(name).append(" xmlns=\"").append(S3Xml.NAMESPACE).append("\">");
        open.push(name);
        return this;
    }

    /** Opens an element with raw attributes (written as given: constants only). */
    XmlWriter start(String name, String rawAttributes) {
        out.append('<').append(name).append(' ').append(rawAttributes).append('>');
        open.push(name);
        return this;
    }

    XmlWriter start(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    XmlWriter end() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** {@code <name>text</name>}; nothing when {@code text} is null. */
    XmlWriter element(String name, Object text) {
        if (text != null) {
            out.append('<').append(name).append('>');
            escape(text.toString());
            out.append("</").append(name).append('>');
        }
        return this;
    }

    /** Text inside the element just opened. */
    XmlWriter text(String text) {
        escape(text);
        return this;
    }

    byte[] bytes() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements " + open);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Escapes markup, and writes characters XML cannot carry literally (controls; CR, LF and TAB,
     * which a parser would normalize) as character references, as S3 does: keys may hold them.
     */
    private void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0xfffe || c == 0xffff) {
                        out.append("&#x").append(Integer.toHexString(c).toUpperCase()).append(';');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
