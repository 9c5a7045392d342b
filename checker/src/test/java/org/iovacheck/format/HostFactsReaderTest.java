package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iovacheck.model.Aperture;
import org.iovacheck.model.Backend;
import org.iovacheck.model.Group;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostCpu;
import org.iovacheck.model.HostFacts;
import org.iovacheck.model.InterruptIsolation;
import org.iovacheck.model.IommuKind;
import org.iovacheck.model.IommuUnit;
import org.iovacheck.model.Known;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.RelaxablePolicy;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.model.Source;
import org.iovacheck.model.U64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HostCpu from a host: collected facts first; the AMD IOMMU's HyperTransport reservation (drivers/iommu/amd/iommu.c,
 * HT_RANGE_START..HT_RANGE_END = 0xfd00000000..0xffffffffff); /proc/cpuinfo only for the live /sys; the IOMMU width from the
 * aperture's top or the narrowest known unit.
 */
class HostFactsReaderTest {
    @TempDir
    Path dir;

    private static Group group(String id, long first, long last, RegionType t) {
        return new Group(id, List.of(new ReservedRegion(new Range(first, last), t, id, null, Source.BUILTIN)), Source.BUILTIN);
    }

    private static Host host(List<Group> groups, Aperture ap, List<IommuUnit> units, HostFacts facts) {
        return new Host("h", groups, ap, List.of(), Backend.VFIO_TYPE1, RelaxablePolicy.KERNEL, List.of(), Source.BUILTIN, units, facts);
    }

    private static IommuUnit unit(String name, int bits) {
        return new IommuUnit(name, IommuKind.OTHER, bits, "test", Source.BUILTIN);
    }

    @Test
    void theHyperTransportReservationMeansAmd() {
        HostCpu c = HostFactsReader.of(host(List.of(group("0", 0xfee00000L, 0xfeefffffL, RegionType.MSI),
                group("3", 0xfd00000000L, 0xffffffffffL, RegionType.RESERVED)), Aperture.full(), List.of(), HostFacts.NONE), null);
        assertEquals(Boolean.TRUE, c.amd());
        assertTrue(c.vendorWhy().contains("HyperTransport") && c.vendorWhy().contains("group 3"), c.vendorWhy());
        assertEquals(0, c.physBits());
        assertNull(c.physBitsWhy());
        assertEquals(0, c.iommuBits(), "the full space says nothing about the width");
        // the same range of another type, or another range, says nothing
        assertNull(HostFactsReader.of(host(List.of(group("3", 0xfd00000000L, 0xffffffffffL, RegionType.DIRECT)), Aperture.full(), List.of(),
                HostFacts.NONE), dir).amd());
        assertNull(HostFactsReader.of(host(List.of(group("3", 0xfd00000000L, 0xfffffffffeL, RegionType.RESERVED)), Aperture.full(), List.of(),
                HostFacts.NONE), dir).amd());
        assertEquals(new Range(0xfd00000000L, 0xffffffffffL), HostFactsReader.HT_RANGE);
    }

    @Test
    void collectedFactsComeFirst() {
        HostFacts intel = new HostFacts("GenuineIntel", 46, null, Known.UNKNOWN, Known.UNKNOWN, InterruptIsolation.UNKNOWN, List.of());
        HostCpu c = HostFactsReader.of(host(List.of(group("3", 0xfd00000000L, 0xffffffffffL, RegionType.RESERVED)), Aperture.full(), List.of(),
                intel), dir);
        assertEquals(Boolean.FALSE, c.amd(), "the collected vendor, not the HT guess");
        assertTrue(c.vendorWhy().contains("GenuineIntel"), c.vendorWhy());
        assertEquals(46, c.physBits());
        assertTrue(c.physBitsWhy().contains("46 bits physical"), c.physBitsWhy());
        HostFacts amd = new HostFacts("AuthenticAMD", 0, null, Known.UNKNOWN, Known.UNKNOWN, InterruptIsolation.UNKNOWN, List.of());
        HostCpu a = HostFactsReader.of(host(List.of(group("0", 0x1000, 0x1fff, RegionType.RESERVED)), Aperture.full(), List.of(), amd), dir);
        assertEquals(Boolean.TRUE, a.amd());
        assertEquals(0, a.physBits());
    }

    @Test
    void theIommuWidthIsTheApertureTopOrTheNarrowestKnownUnit() {
        List<Group> g = List.of(group("0", 0x1000, 0x1fff, RegionType.RESERVED));
        assertEquals(39, HostFactsReader.of(host(g, Aperture.bits(39), List.of(), HostFacts.NONE), dir).iommuBits());
        assertEquals(1, HostFactsReader.of(host(g, Aperture.bits(1), List.of(), HostFacts.NONE), dir).iommuBits());
        assertEquals(40, HostFactsReader.of(host(g, new Aperture(List.of(new Range(0, 0xfedfffffL), new Range(0xfef00000L, 0xfcffffffffL)), "v"),
                List.of(), HostFacts.NONE), dir).iommuBits());
        assertEquals(64, HostFactsReader.of(host(g, new Aperture(List.of(new Range(0, 0xfedfffffL), new Range(0xfef00000L, U64.MAX)), "v"),
                List.of(), HostFacts.NONE), dir).iommuBits());
        assertEquals(48, HostFactsReader.of(host(g, Aperture.full(), List.of(unit("a", 0), unit("b", 48)), HostFacts.NONE), dir).iommuBits());
        assertEquals(39, HostFactsReader.of(host(g, Aperture.full(), List.of(unit("a", 48), unit("b", 39), unit("c", 0)), HostFacts.NONE), dir)
                .iommuBits());
        assertEquals(39, HostFactsReader.of(host(g, Aperture.bits(48), List.of(unit("b", 39)), HostFacts.NONE), dir).iommuBits());
        assertEquals(39, HostFactsReader.of(host(g, Aperture.bits(39), List.of(unit("b", 48)), HostFacts.NONE), dir).iommuBits());
        assertEquals(0, HostFactsReader.of(host(g, Aperture.full(), List.of(unit("a", 0)), HostFacts.NONE), dir).iommuBits());
    }

    @Test
    void onlyTheLiveSysReadsThisMachinesCpuinfo() throws Exception {
        assertFalse(HostFactsReader.isLiveSysfs(null));
        assertFalse(HostFactsReader.isLiveSysfs(dir));
        assertFalse(HostFactsReader.isLiveSysfs(dir.resolve("missing")));
        Path f = Files.writeString(dir.resolve("f"), "x");
        assertFalse(HostFactsReader.isLiveSysfs(f));
        List<Group> g = List.of(group("0", 0x1000, 0x1fff, RegionType.RESERVED));
        HostCpu copy = HostFactsReader.of(host(g, Aperture.full(), List.of(), HostFacts.NONE), dir);
        assertEquals(HostCpu.UNKNOWN, copy, "a copy of a machine is not this machine");
        Path sys = Path.of("/sys");
        if (!Files.isDirectory(sys) || !Files.isReadable(Path.of("/proc/cpuinfo"))) {
            return;
        }
        assertTrue(HostFactsReader.isLiveSysfs(sys));
        String cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
        HostCpu live = HostFactsReader.of(host(g, Aperture.full(), List.of(), HostFacts.NONE), sys);
        Matcher v = Pattern.compile("(?m)^vendor_id\\s*:\\s*(\\S+)").matcher(cpuinfo);
        if (v.find()) {
            assertEquals(v.group(1).equals("AuthenticAMD"), live.amd());
            assertTrue(live.vendorWhy().contains(v.group(1)), live.vendorWhy());
        }
        Matcher a = Pattern.compile("(?m)^address sizes\\s*:\\s*(\\d+) bits physical").matcher(cpuinfo);
        if (a.find()) {
            assertEquals(Integer.parseInt(a.group(1)), live.physBits());
        }
        // collected facts still come first on the live host
        HostFacts other = new HostFacts("SomeVendor", 33, null, Known.UNKNOWN, Known.UNKNOWN, InterruptIsolation.UNKNOWN, List.of());
        HostCpu kept = HostFactsReader.of(host(g, Aperture.full(), List.of(), other), sys);
        assertEquals(Boolean.FALSE, kept.amd());
        assertEquals(33, kept.physBits());
        assertTrue(kept.vendorWhy().contains("SomeVendor"), kept.vendorWhy());
    }
}
