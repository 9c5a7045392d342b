package org.iovacheck.engine;

/** Every answer iovacheck gives; UNKNOWN only ever means an exhausted budget, never "probably safe". */
public enum Verdict {
    SAFE, UNSAFE, NO_LAYOUT, FOUND, INFEASIBLE, UNKNOWN
}
