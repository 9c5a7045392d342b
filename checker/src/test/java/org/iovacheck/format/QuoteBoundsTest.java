package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The writer's quoting at the ends of each range of code points YAML cannot carry raw (C0, DEL to the C1 controls, the
 * surrogates, U+FFFE/FFFF) and just outside them: every name reads back as written, and only the ones inside are escaped.
 */
class QuoteBoundsTest {
    @Test
    void eachEndOfEachEscapedRangeReadsBack() throws Exception {
        int[] inside = {0x00, 0x1f, 0x7f, 0x9f, 0x2028, 0x2029, 0xd800, 0xdfff, 0xfffe, 0xffff};
        int[] outside = {0x20, 0x7e, 0xa0, 0x2027, 0x202a, 0xd7ff, 0xe000, 0xfffd, 0x10000};
        for (int c : inside) {
            String name = "a" + new String(Character.toChars(c)) + "b";
            String q = InstanceWriter.quote(name);
            assertTrue(q.startsWith("\"") && q.contains(String.format("\\u%04x", c)), Integer.toHexString(c) + ": " + q);
            if (c < 0xd800 || c > 0xdfff) { // a lone surrogate is escaped but no YAML reader gives it back as one char
                assertEquals(name, YamlNode.parse("k: " + q, "q.yaml").map(java.util.Set.of("k")).get("k").string(), Integer.toHexString(c));
            }
        }
        for (int c : outside) {
            String name = "a" + new String(Character.toChars(c)) + "b";
            String q = InstanceWriter.quote(name);
            assertEquals("'" + name + "'", q, Integer.toHexString(c));
            assertEquals(name, YamlNode.parse("k: " + q, "q.yaml").map(java.util.Set.of("k")).get("k").string(), Integer.toHexString(c));
        }
    }
}
