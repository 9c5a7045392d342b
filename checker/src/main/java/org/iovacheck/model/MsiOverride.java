package org.iovacheck.model;

/** Immutable; the host file's word on the kind of the msi line at exactly this range (in one group, or any when group is null). */
public record MsiOverride(Range range, MsiKind kind, String group, Source source) {
}
