package org.iovacheck.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iovacheck.format.InputException;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.ReservedRegion;
import org.iovacheck.preset.Preset;
import org.iovacheck.preset.PresetArgs;

/** Test oracle sharing no code with the planner: a preset's layout is safe when the VMM accepts it and no pair overlaps. */
final class PairwiseOracle {
    private PairwiseOracle() {
    }

    /** Every DMA-mapped region against every window, pair by pair; a size the VMM refuses is not safe. */
    static boolean safe(Preset p, Map<String, String> s, List<ReservedRegion> ex) {
        GuestLayout l;
        try {
            l = p.layout(new PresetArgs(new LinkedHashMap<>(s)));
        } catch (InputException | ArithmeticException e) {
            return false;
        }
        for (GuestRegion g : l.mapped(false)) {
            for (ReservedRegion w : ex) {
                if (Long.compareUnsigned(g.range().first(), w.range().last()) <= 0 && Long.compareUnsigned(w.range().first(), g.range().last()) <= 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
