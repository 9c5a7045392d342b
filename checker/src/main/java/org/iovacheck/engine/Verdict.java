package org.iovacheck.engine;

/** Every answer iovacheck gives; UNKNOWN only ever means an exhausted budget, never "probably safe". */
public enum Verdict {
    SAFE, UNSAFE, NO_LAYOUT, UNKNOWN,
    /** hotadd: the device's group can join the running VM's container. */
    ACCEPT,
    /** hotadd: the kernel would refuse the group. */
    REFUSE,
    /** prove: the property holds on every host of the class or fleet. */
    PROVEN,
    /** prove: a concrete host of the class where the property fails (saved, replayable through check). */
    COUNTEREXAMPLE
}
