package org.iovacheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.iovacheck.engine.CheckOutcome;
import org.iovacheck.engine.Verdict;
import org.junit.jupiter.api.Test;

/** Each conflict's cost by the guest region's kind and the host range's type, and the verdict they add up to. */
class SeverityTest {
    static final ReservedRegion APERTURE = new ReservedRegion(new Range(1L << 39, -1L), RegionType.OUTSIDE_APERTURE, null, null, new Source("h", 1));
    static final ReservedRegion BRIDGE = new ReservedRegion(new Range(1L << 39, (1L << 40) - 1), RegionType.BRIDGE_WINDOW, "1", null, new Source("h", 2));

    static Conflict hit(GuestKind k, ReservedRegion r) {
        return Conflict.of(new GuestRegion("g", k, Range.ofSize(r.range().first(), 4096)), r);
    }

    @Test
    void byKindAndType() {
        assertEquals(Severity.WILL_NOT_START, Severity.of(hit(GuestKind.RAM, APERTURE)));
        assertEquals(Severity.WILL_NOT_START, Severity.of(hit(GuestKind.ROM, APERTURE)));
        assertEquals(Severity.WILL_NOT_START, Severity.of(hit(GuestKind.IVSHMEM, APERTURE)));
        assertEquals(Severity.ABORTS_AT_HOTPLUG, Severity.of(hit(GuestKind.HOTPLUG, APERTURE)));
        assertEquals(Severity.P2P_FAILS, Severity.of(hit(GuestKind.DEVICE_BAR, APERTURE)));
        assertEquals(Severity.P2P_FAILS, Severity.of(hit(GuestKind.BAR, APERTURE)));
        assertEquals(Severity.DATA_LOSS, Severity.of(hit(GuestKind.RAM, BRIDGE)));
        assertEquals(Severity.P2P_FAILS, Severity.of(hit(GuestKind.DEVICE_BAR, BRIDGE)));
    }

    @Test
    void degradedOnlyWhenEveryConflictCostsPeerToPeerAlone() {
        CheckOutcome bars = new CheckOutcome(Verdict.UNSAFE, List.of(hit(GuestKind.DEVICE_BAR, APERTURE)), List.of(), List.of());
        assertEquals(Verdict.DEGRADED, bars.bySeverity());
        CheckOutcome mixed = new CheckOutcome(Verdict.UNSAFE, List.of(hit(GuestKind.DEVICE_BAR, APERTURE), hit(GuestKind.RAM, BRIDGE)), List.of(), List.of());
        assertEquals(Verdict.UNSAFE, mixed.bySeverity());
        CheckOutcome shm = new CheckOutcome(Verdict.UNSAFE, List.of(hit(GuestKind.IVSHMEM, APERTURE)), List.of(), List.of());
        assertEquals(Verdict.UNSAFE, shm.bySeverity());
        CheckOutcome safe = new CheckOutcome(Verdict.SAFE, List.of(), List.of(), List.of());
        assertEquals(Verdict.SAFE, safe.bySeverity());
        CheckOutcome unknown = new CheckOutcome(Verdict.UNKNOWN, List.of(), List.of(), List.of());
        assertEquals(Verdict.UNKNOWN, unknown.bySeverity());
    }
}
