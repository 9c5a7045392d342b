package org.iovacheck.model;

/** Immutable; a host region that makes its group unassignable whatever the guest layout, and why. */
public record Blocker(ReservedRegion region, String reason) {
}
