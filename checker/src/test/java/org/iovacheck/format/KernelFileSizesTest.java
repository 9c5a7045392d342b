package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Files whose reported size is not their length, as the kernel's are: procfs reports 0 bytes for files that hold text and sysfs
 * reports a page (4096) for attributes of a few bytes. The reader must give exactly what a read to the end gives, and bound
 * the text it reads by what it holds, not by the reported size. (Skipped where there is no /proc or /sys.)
 */
class KernelFileSizesTest {
    private static final Path SYS = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    @Test
    void aProcFileThatReportsNoSizeIsReadToItsEnd() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")) && Files.size(Path.of("/proc/self/status")) == 0);
        // /proc/self/status names this process, so its text is stable while the test runs; compare with a plain read to the end
        byte[] got = TextFiles.readBytes(Path.of("/proc/self/status"));
        byte[] want = Files.readAllBytes(Path.of("/proc/self/status"));
        assertTrue(got.length > 100, "read " + got.length + " bytes");
        assertEquals(new String(want).lines().findFirst(), new String(got).lines().findFirst());
        assertEquals(new String(want).lines().count(), new String(got).lines().count());
        // the bound applies to what is read, whatever the size said
        InputException e = assertThrows(InputException.class, () -> TextFiles.readBytes(Path.of("/proc/self/status"), 64));
        assertTrue(e.problem().startsWith("larger than"), e.problem());
    }

    @Test
    void aSysfsAttributeThatReportsAPageGivesOnlyItsText() throws Exception {
        assumeTrue(Files.isReadable(SYS) && Files.size(SYS) == 4096);
        byte[] got = TextFiles.readBytes(SYS);
        assertArrayEquals(Files.readAllBytes(SYS), got);
        assertTrue(got.length < 4096 && got.length > 0, got.length + " bytes");
        assertEquals(got.length, TextFiles.checkText(got, SYS.toString(), TextFiles.Padding.REFUSE), "no NUL padding was added");
    }
}
