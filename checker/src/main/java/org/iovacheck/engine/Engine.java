package org.iovacheck.engine;

import org.iovacheck.model.CheckQuery;

/** A decision procedure behind the common interface; answers exactly or UNKNOWN when its budget runs out. */
public interface Engine {
    String name();

    CheckAnswer check(CheckQuery query, Budget budget);
}
