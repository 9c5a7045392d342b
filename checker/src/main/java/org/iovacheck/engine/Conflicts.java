package org.iovacheck.engine;

import java.util.Comparator;
import org.iovacheck.model.Conflict;

/** The canonical order of conflicts, shared by every engine so that answers compare element by element. */
public final class Conflicts {
    public static final Comparator<Conflict> ORDER = Comparator
            .comparing((Conflict c) -> c.guest().range())
            .thenComparing(c -> c.guest().name())
            .thenComparing(c -> c.reserved().range())
            .thenComparing(c -> c.reserved().type())
            .thenComparing(c -> String.valueOf(c.reserved().group()))
            .thenComparing(c -> String.valueOf(c.reserved().name()));

    private Conflicts() {
    }
}
