module layout/layout

/*
 * A guest memory map: guest-physical ranges, what each holds, and which of them the VMM DMA-maps
 * for an assigned device. Without a vIOMMU the device's DMA address is the guest-physical address,
 * so a mapped guest range occupies the same IOVA range on the host.
 */

open regions/regions

/** What a guest-physical range holds. */
abstract sig Kind {}
/** Guest RAM: mapped when the VM starts. */
one sig Ram extends Kind {}
/** Memory hot-plug area: mapped when populated (QEMU aborts the VM if that map fails). */
one sig Hotplug extends Kind {}
/** RAM-backed ROM (firmware image): mapped read-only. */
one sig Rom extends Kind {}
/** Emulated device MMIO: never mapped. */
one sig Mmio extends Kind {}
/** A PCI BAR window: mapped only for peer-to-peer DMA. */
one sig Bar extends Kind {}

/** One range of the guest memory map. */
sig GuestRegion extends Range {
  kind: one Kind
}

/** The VMM maps BARs too, for peer-to-peer DMA between assigned devices (--p2p). */
lone sig P2p {}

/** The kinds the VMM DMA-maps under a p2p setting (some P2p or none). */
fun mappedKindsUnder[p2p: lone P2p]: set Kind {
  Ram + Hotplug + Rom + (some p2p implies Bar else none)
}

fun mappedKinds: set Kind { mappedKindsUnder[P2p] }

/** The guest regions the VMM DMA-maps with IOVA equal to the guest-physical address. */
fun mapped: set GuestRegion { kind.mappedKinds }

/** A layout a VMM can produce: its ranges never overlap. */
pred wellFormed {
  all disj a, b: GuestRegion | not overlaps[a, b]
}

// ---- sanity ----------------------------------------------------------------------------------

run mmioVacuity { wellFormed and some kind.Mmio and some mapped } for 3 expect 1
assert mmioNeverMapped {
  no kind.Mmio & mapped
}
check mmioNeverMapped for 5 expect 0

run barVacuity { wellFormed and some kind.Bar } for 3 expect 1
assert barMappedOnlyForP2p {
  all b: kind.Bar | b in mapped iff some P2p
}
check barMappedOnlyForP2p for 5 expect 0

run p2pVacuity { wellFormed and some kind.Bar and some kind.Ram } for 3 expect 1
assert p2pOnlyAddsMappings {
  kind.(mappedKindsUnder[none]) in kind.(mappedKindsUnder[P2p])
}
check p2pOnlyAddsMappings for 5 expect 0

run memoryVacuity { wellFormed and some kind.Ram and some kind.Hotplug and some kind.Rom } for 4 expect 1
assert memoryAlwaysMapped {
  kind.(Ram + Hotplug + Rom) in mapped
}
check memoryAlwaysMapped for 5 expect 0

run disjointVacuity { wellFormed and some disj a, b: mapped | touches[a, b] } for 3 expect 1
assert mappedRangesDisjoint {
  wellFormed implies (all disj a, b: mapped | no cells[a] & cells[b])
}
check mappedRangesDisjoint for 5 expect 0
