package org.iovacheck.preset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The registry of VMM presets by name. */
public final class Presets {
    private static final Map<String, Preset> ALL = new LinkedHashMap<>();

    static {
        for (Preset p : List.<Preset>of(new QemuVirt(), new QemuQ35(), new QemuPc(),
                new CrosvmAarch64(), new CrosvmX86(), new CloudHypervisorAarch64(), new CloudHypervisorX86(),
                new KvmtoolArm64(), new KvmtoolX86(), new XenArm(), new XenHvm(), new FirecrackerAarch64(), new FirecrackerX86(), new FreeGuest())) {
            ALL.put(p.name(), p);
        }
    }

    private Presets() {
    }

    public static Optional<Preset> byName(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    public static List<Preset> all() {
        return List.copyOf(ALL.values());
    }
}
