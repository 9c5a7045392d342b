package org.iovacheck.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.U64;

/** Test helpers: run a preset with KEY=VALUE pairs and assert on named regions. */
final class Layouts {
    private Layouts() {
    }

    static PresetArgs args(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : keyValues) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return new PresetArgs(m);
    }

    static GuestLayout layout(Preset p, String... keyValues) throws InputException {
        return p.layout(args(keyValues));
    }

    static InputException refused(Preset p, String... keyValues) {
        return assertThrows(InputException.class, () -> p.layout(args(keyValues)));
    }

    static void assertRefused(Preset p, String expectedFragment, String... keyValues) {
        InputException e = refused(p, keyValues);
        assertTrue(e.getMessage().contains(expectedFragment), "message '" + e.getMessage() + "' lacks '" + expectedFragment + "'");
    }

    static GuestRegion region(GuestLayout l, String name) {
        for (GuestRegion r : l.regions()) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        fail("no region '" + name + "' in " + l.regions());
        return null;
    }

    static boolean has(GuestLayout l, String name) {
        return l.regions().stream().anyMatch(r -> r.name().equals(name));
    }

    static void assertRegion(GuestLayout l, String name, GuestKind kind, long first, long last) {
        GuestRegion r = region(l, name);
        assertEquals(kind, r.kind(), name + " kind");
        assertEquals(U64.hex(first), U64.hex(r.range().first()), name + " first");
        assertEquals(U64.hex(last), U64.hex(r.range().last()), name + " last");
    }

    /** Names of the RAM regions, in address order. */
    static List<String> ramNames(GuestLayout l) {
        List<String> names = new ArrayList<>();
        for (GuestRegion r : l.regions()) {
            if (r.kind() == GuestKind.RAM) {
                names.add(r.name());
            }
        }
        return names;
    }
}
