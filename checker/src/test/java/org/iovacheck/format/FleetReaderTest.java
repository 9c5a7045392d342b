package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.iovacheck.model.Backend;
import org.iovacheck.model.Fleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetReaderTest {
    @TempDir
    Path dir;

    @Test
    void fleetFileHostsGroupsAndOptions() throws Exception {
        Path f = Files.writeString(dir.resolve("dc.fleet"), """
                # two racks
                host a1 aperture-bits=39
                0x00000000fee00000 0x00000000feefffff msi

                host a2 backend=iommufd
                group 3
                0x0000000008000000 0x00000000080fffff msi
                group 4
                0x00000000c6010000 0x00000000c601ffff msi
                """);
        Fleet fl = FleetReader.load(f);
        assertEquals("dc", fl.name());
        assertEquals(2, fl.hosts().size());
        assertEquals("0", fl.hosts().get(0).groups().get(0).id());
        assertEquals(1, fl.hosts().get(0).aperture().gaps().size());
        assertEquals(Backend.IOMMUFD, fl.hosts().get(1).backend());
        assertEquals(9, fl.hosts().get(1).groups().get(1).regions().get(0).source().line());
    }

    @Test
    void fleetFileErrorsNameTheLine() throws Exception {
        assertError("0x1 0x2 msi\n", 1, "before any 'host'");
        assertError("host a\nhost b\n0x1 0x2 msi\n", 1, "has no regions");
        assertError("host a bogus=1\n0x1 0x2 msi\n", 1, "unknown host option 'bogus'");
        assertError("host a\n0x1 0x2 msi\nhost a\n0x1 0x2 msi\n", 3, "appears twice");
        assertError("host a\ngroup 1\n0x1 0x2 nope\n", 3, "unknown region type");
    }

    private void assertError(String text, int line, String fragment) throws Exception {
        Path f = Files.writeString(dir.resolve("bad.fleet"), text);
        InputException e = assertThrows(InputException.class, () -> FleetReader.load(f));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
