package org.iovacheck.model;

/** Immutable; one guest-physical range with its kind and name (IOVA == GPA without a vIOMMU). */
public record GuestRegion(String name, GuestKind kind, Range range) {
    public GuestRegion {
        if (name == null || kind == null || range == null) {
            throw new IllegalArgumentException("name, kind and range are required");
        }
    }
}
