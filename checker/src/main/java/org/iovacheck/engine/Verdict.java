package org.iovacheck.engine;

/** Every answer iovacheck gives; UNKNOWN only ever means an exhausted budget, never "probably safe". */
public enum Verdict {
    SAFE, UNSAFE, NO_LAYOUT, UNKNOWN,
    /** check: the VM starts, but some features fail (every conflict only costs peer-to-peer to a device BAR); never SAFE. */
    DEGRADED,
    /** place: a layout that is safe, re-checked. */
    FOUND,
    /** place: no layout within the VMM's freedom is safe; the blocking constraints are named. */
    INFEASIBLE,
    /** hotadd: the device's group can join the running VM's container. */
    ACCEPT,
    /** hotadd: the kernel would refuse the group. */
    REFUSE,
    /** prove: the property holds on every host of the class or fleet. */
    PROVEN,
    /** prove: a concrete host of the class where the property fails (saved, replayable through check). */
    COUNTEREXAMPLE
}
