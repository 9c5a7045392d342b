package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.iovacheck.model.Host;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, defects 2, 4 and 5: nesting, size, files that are not regular, NUL bytes and byte order marks. */
class InputFilesTest {
    @TempDir
    Path dir;

    private static final String LINE = "0x00000000c6010000 0x00000000c601ffff msi\n";

    private static InputException refused(Executable read) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(InputException.class, read));
    }

    @Test
    void deeplyNestedFlowYamlIsRefusedWithoutStackOverflow() throws Exception {
        for (String open : List.of("[", "{", "{a: ", "- ")) {
            Path y = Files.writeString(dir.resolve("deep.yaml"), open.repeat(4096));
            InputException e = refused(() -> HostLoader.load(y));
            assertTrue(e.getMessage().contains("nested more than"), open + ": " + e.getMessage());
            assertEquals(y.toString(), e.file());
            assertTrue(e.line() >= 1, e.getMessage());
        }
    }

    @Test
    void deeplyNestedBlockYamlIsRefused() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sb.append(" ".repeat(i)).append("a:\n");
        }
        Path c = Files.writeString(dir.resolve("deep.yaml"), sb);
        InputException e = refused(() -> PlatformClassReader.load(c));
        assertTrue(e.getMessage().contains("nested more than"), e.getMessage());
    }

    @Test
    void hugeYamlDocumentIsRefusedBySize() throws Exception {
        Path y = dir.resolve("huge.yaml");
        String chunk = "# " + "x".repeat(1021) + "\n";
        try (var w = Files.newBufferedWriter(y)) {
            for (int i = 0; i < 17 * 1024; i++) {
                w.write(chunk);
            }
        }
        InputException e = refused(() -> HostLoader.load(y));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
    }

    private Path fifo() throws IOException, InterruptedException {
        Path f = dir.resolve("pipe");
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", f.toString()).start();
        } catch (IOException e) {
            assumeTrue(false, "no mkfifo here");
            throw e;
        }
        assumeTrue(p.waitFor() == 0, "mkfifo failed");
        return f;
    }

    @Test
    void aFifoIsRefusedByEveryReaderNotReadForever() throws Exception {
        Path f = fifo();
        for (Executable read : List.<Executable>of(() -> HostLoader.load(f), () -> LayoutParser.load(f),
                () -> PlatformClassReader.load(f), () -> FleetReader.load(f))) {
            InputException e = refused(read);
            assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        }
        Path y = dir.resolve("pipe.yaml");
        Files.move(f, y);
        assertTrue(refused(() -> HostLoader.load(y)).getMessage().contains("not a regular file"));
    }

    @Test
    void aDeviceIsRefused() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero));
        for (Executable read : List.<Executable>of(() -> HostLoader.load(zero), () -> LayoutParser.load(zero),
                () -> PlatformClassReader.load(zero), () -> FleetReader.load(zero))) {
            InputException e = refused(read);
            assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        }
    }

    @Test
    void aFifoInsideATreeIsRefusedNotSkipped() throws Exception {
        Path g = Files.createDirectories(dir.resolve("iommu_groups/3"));
        Files.writeString(Files.createDirectories(dir.resolve("iommu_groups/1")).resolve("reserved_regions"), LINE);
        Path f = fifo();
        Files.move(f, g.resolve("reserved_regions"));
        InputException e = refused(() -> HostLoader.load(dir.resolve("iommu_groups")));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void tarNulPaddingAfterTheLastLineIsAcceptedInSysfsFiles() throws Exception {
        Path f = dir.resolve("iommu_groups/7/reserved_regions");
        Files.createDirectories(f.getParent());
        byte[] text = LINE.getBytes(StandardCharsets.US_ASCII);
        byte[] padded = java.util.Arrays.copyOf(text, 4096);
        Files.write(f, padded);
        Host h = HostLoader.load(f);
        assertEquals(1, h.groups().get(0).regions().size());
        Host tree = HostLoader.load(dir.resolve("iommu_groups"));
        assertEquals(1, tree.groups().get(0).regions().size());
    }

    @Test
    void nulBytesElsewhereAreNamedAsSuch() throws Exception {
        Path f = dir.resolve("reserved_regions");
        Files.write(f, (LINE + "0x0 0x\0\0 msi\n" + LINE).getBytes(StandardCharsets.US_ASCII));
        InputException e = refused(() -> HostLoader.load(f));
        assertTrue(e.getMessage().contains("NUL byte"), e.getMessage());
        assertEquals(2, e.line(), e.getMessage());

        Path y = dir.resolve("h.yaml");
        Files.write(y, "name: x\0\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(refused(() -> HostLoader.load(y)).getMessage().contains("NUL byte"));
        Path l = dir.resolve("g.layout");
        Files.write(l, ("0x0 0xfff ram\n").getBytes(StandardCharsets.US_ASCII));
        Files.write(l, new byte[] {0, 0}, java.nio.file.StandardOpenOption.APPEND);
        assertTrue(refused(() -> LayoutParser.load(l)).getMessage().contains("NUL byte"), "padding is a sysfs affair only");
    }

    @Test
    void aByteOrderMarkIsNamedAsSuch() throws Exception {
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        for (String name : List.of("reserved_regions", "h.yaml", "g.layout", "c.yaml")) {
            Path f = dir.resolve(name);
            Files.write(f, bom);
            Files.writeString(f, name.equals("g.layout") ? "0x0 0xfff ram\n" : "name: x\n", java.nio.file.StandardOpenOption.APPEND);
            Executable read = name.equals("g.layout") ? () -> LayoutParser.load(f)
                    : name.equals("c.yaml") ? () -> PlatformClassReader.load(f) : () -> HostLoader.load(f);
            InputException e = refused(read);
            assertTrue(e.getMessage().contains("byte order mark"), name + ": " + e.getMessage());
        }
    }

    @Test
    void invalidUtf8NamesTheLine() throws Exception {
        Path f = dir.resolve("reserved_regions");
        Files.write(f, (LINE + "0x0 0xfff r\u00e9served\n").getBytes(StandardCharsets.ISO_8859_1));
        InputException e = refused(() -> HostLoader.load(f));
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
        assertEquals(2, e.line(), e.getMessage());
    }

    @Test
    void aLoneCarriageReturnIsRefusedSoLineNumbersAgree() throws Exception {
        // Found by fuzzing: YAML counts a lone CR as a line break, the line readers do not, so error lines disagreed.
        Path y = dir.resolve("h.yaml");
        Files.writeString(y, "name: x\rgroups: 1\n");
        InputException e = refused(() -> HostLoader.load(y));
        assertTrue(e.getMessage().contains("carriage return"), e.getMessage());
        assertEquals(1, e.line());
        Path crlf = dir.resolve("crlf.yaml");
        Files.writeString(crlf, "name: x\r\ngroups:\r\n  - id: \"1\"\r\n    reserved-regions: \"0x0 0xfff msi\"\r\n");
        assertEquals(1, HostLoader.load(crlf).groups().size(), "CR LF line ends are fine");
    }
}
