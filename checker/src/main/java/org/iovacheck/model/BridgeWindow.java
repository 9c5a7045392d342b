package org.iovacheck.model;

/** Immutable; a PCI bridge window that routes DMA peer-to-peer or aborts it before the IOMMU (group null: every group). */
public record BridgeWindow(Range range, String group, String name, Source source) {
}
