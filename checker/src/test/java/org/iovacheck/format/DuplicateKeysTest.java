package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, defect 1: a duplicate mapping key at any depth of any YAML input is an error naming file, line and key. */
class DuplicateKeysTest {
    @TempDir
    Path dir;

    private static final String D05 = """
            name: d05
            groups:
              - id: "7"
                reserved-regions: |
                  0x00000000c6010000 0x00000000c601ffff msi
            """;

    @Test
    void secondTopLevelGroupsKeyInAHostFileIsRefusedNotLastWins() throws Exception {
        Path y = Files.writeString(dir.resolve("h.yaml"), D05 + """
                groups:
                  - id: "8"
                    reserved-regions: |
                      0x0000000008000000 0x00000000080fffff msi
                """);
        InputException e = assertThrows(InputException.class, () -> HostLoader.load(y));
        assertEquals(y.toString(), e.file());
        assertEquals(6, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("duplicate key 'groups'"), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), "names the first occurrence too: " + e.getMessage());
    }

    @Test
    void duplicateKeysInsideListItemsAndNestedMapsAreRefused() throws Exception {
        Path group = Files.writeString(dir.resolve("g.yaml"), """
                groups:
                  - id: "7"
                    id: "8"
                    reserved-regions: "0x0 0xfff msi"
                """);
        InputException e = assertThrows(InputException.class, () -> HostLoader.load(group));
        assertEquals(3, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("duplicate key 'id'"), e.getMessage());

        Path cls = Files.writeString(dir.resolve("c.yaml"), """
                name: c
                regions:
                  - type: msi-hw
                    base: {min: 0x1000, max: 0x2000, min: 0x0}
                    size: 4K
                """);
        InputException c = assertThrows(InputException.class, () -> PlatformClassReader.load(cls));
        assertEquals(4, c.line(), c.getMessage());
        assertTrue(c.getMessage().contains("duplicate key 'min'"), c.getMessage());
    }

    @Test
    void secondRegionsKeyInAClassFileIsRefused() throws Exception {
        Path cls = Files.writeString(dir.resolve("c.yaml"), """
                name: c
                regions:
                  - type: msi-hw
                    base: 0x40000000
                    size: 64K
                regions:
                  - type: msi-hw
                    base: 0xfff0000000
                    size: 64K
                """);
        InputException c = assertThrows(InputException.class, () -> PlatformClassReader.load(cls));
        assertEquals(6, c.line(), c.getMessage());
        assertTrue(c.getMessage().contains("duplicate key 'regions'"), c.getMessage());
    }

    @Test
    void keysThatDifferOnlyInQuotingAreTheSameKey() {
        InputException e = assertThrows(InputException.class, () -> YamlNode.parse("a: 1\n'a': 2\n", "q.yaml"));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("duplicate key 'a'"), e.getMessage());
    }

    @Test
    void duplicatesInsideUnreadValuesAreStillRefused() {
        // 'description' is free text to the reader; a mapping there must still not hide a duplicate.
        InputException e = assertThrows(InputException.class, () -> YamlNode.parse("x:\n  - {k: 1, k: 2}\n", "q.yaml"));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("duplicate key 'k'"), e.getMessage());
    }
}
