package org.iovacheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 (input side): malformed inputs end in exit 2 with a located message, never in a verdict. */
class InputHardeningCommandTest {
    @TempDir
    Path dir;

    @Test
    void aSecondGroupsKeyNoLongerHidesTheDoorbell() throws Exception {
        Path y = Files.writeString(dir.resolve("d05.yaml"), """
                name: d05
                groups:
                  - id: "7"
                    reserved-regions: |
                      0x00000000c6010000 0x00000000c601ffff msi
                groups:
                  - id: "8"
                    reserved-regions: |
                      0x0000000008000000 0x00000000080fffff msi
                """);
        Cli r = Cli.run("check", "--host", y.toString(), "--guest", "qemu-virt", "--ram", "4G");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(y + ":6: ") && r.err().contains("duplicate key 'groups'"), r.err());
    }

    @Test
    void aSecondRegionsKeyInAClassIsNotProven() throws Exception {
        Path c = Files.writeString(dir.resolve("c.yaml"), """
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
        Cli r = Cli.run("prove", "--class", c.toString(), "--guest", "qemu-virt", "--ram", "1G");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(c + ":6: ") && r.err().contains("duplicate key 'regions'"), r.err());
    }
}
