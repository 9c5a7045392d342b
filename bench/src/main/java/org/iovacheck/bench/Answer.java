package org.iovacheck.bench;

import java.util.Locale;
import org.iovacheck.engine.CheckAnswer;
import org.iovacheck.engine.PlaceAnswer;
import org.iovacheck.engine.Verdict;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.U64;

/**
 * Immutable; an engine's answer reduced to what must agree across engines: the verdict and a key (the conflicts' guest names
 * and exact overlaps, or the placed block's base), plus a free-text detail for the report that need not agree (e.g. the size
 * of a blocking set, which is minimum for one engine and only minimal for another).
 */
record Answer(Verdict verdict, String key, String detail) {
    static Answer of(CheckAnswer a) {
        StringBuilder key = new StringBuilder();
        for (Conflict c : a.conflicts()) {
            key.append(c.guest().name()).append('@').append(c.overlap()).append(';');
        }
        return new Answer(a.verdict(), key.toString(), a.conflicts().size() + " conflict(s)");
    }

    static Answer of(PlaceAnswer a) {
        String key = a.block().map(b -> "base " + U64.hex(b.first())).orElse("");
        String detail = a.block().isPresent() ? key
                : a.verdict() == Verdict.INFEASIBLE ? String.format(Locale.ROOT, "blocking set of %,d", a.blockingWindows().size() + a.blockingLimits().size()) : "";
        return new Answer(a.verdict(), key, detail);
    }

    /** One line for the child-process protocol: verdict, key and detail separated by tabs (none of them holds a tab). */
    String line() {
        return verdict + "\t" + key + "\t" + detail;
    }

    static Answer parse(String line) {
        String[] f = line.split("\t", -1);
        return new Answer(Verdict.valueOf(f[0]), f[1], f[2]);
    }
}
