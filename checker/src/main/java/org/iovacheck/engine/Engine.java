package org.iovacheck.engine;

import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.MultiPlaceQuery;
import org.iovacheck.model.PlaceQuery;

/** A decision procedure behind the common interface; answers exactly or UNKNOWN when its budget runs out. */
public interface Engine {
    String name();

    CheckAnswer check(CheckQuery query, Budget budget);

    /** Places one block (lowest aligned base); engines that do not answer placement questions throw UnsupportedOperationException. */
    default PlaceAnswer place(PlaceQuery query, Budget budget) {
        throw new UnsupportedOperationException("engine " + name() + " does not answer placement questions");
    }

    /**
     * Places several equal banks (the lexicographically smallest ascending base vector); engines that do not answer
     * several-bank questions throw UnsupportedOperationException.
     */
    default BanksAnswer placeBanks(MultiPlaceQuery query, Budget budget) {
        throw new UnsupportedOperationException("engine " + name() + " does not answer several-bank placement questions");
    }
}
