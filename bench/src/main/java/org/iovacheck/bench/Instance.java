package org.iovacheck.bench;

import java.util.Locale;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.PlaceQuery;

/**
 * Immutable; one comparison instance: the number of reserved windows, the address width, the question and its query (a
 * check query for the check questions, a place query for the placement ones; the other is null) and the expected conflicts.
 */
record Instance(int windows, int bits, Question question, CheckQuery check, PlaceQuery place, int expectedConflicts) {
    Instance {
        if ((check == null) == (place == null) || question.isCheck() != (check != null)) {
            throw new IllegalArgumentException("an instance holds exactly the query its question asks");
        }
    }

    /** e.g. "4,096 w, 48-bit, place FOUND". */
    String name() {
        return String.format(Locale.ROOT, "%,d w, %d-bit, %s", windows, bits, question.label());
    }
}
