module safety/safety

/*
 * The safety invariant: no DMA-mapped guest region meets a range the host's IOMMU excludes, and no
 * region forbids the assignment. The checker's alloy engine binds one concrete host and guest here
 * (see docs/alloy.md) and asks noConflict; its answer must equal the interval engine's.
 */

open platform/platform
open layout/layout

/** How direct-relaxable regions count. */
abstract sig Policy {}
/** Ignored, as VFIO type1 and iommufd do (vfio_iommu_resv_exclude skips them). */
one sig KernelPolicy extends Policy {}
/** Excluded, as kvmtool does ("reserved region would overlap RAM region"). */
one sig StrictPolicy extends Policy {}

/** The host's settings that are not regions. */
one sig Setting {
  relaxable: one Policy
}

/** Something that makes the device unassignable whatever the layout, at the region that causes it if any. */
sig Blocker {
  region: lone HostRegion
}

/** The host ranges a DMA mapping must avoid under a policy. */
fun excludedUnder[p: Policy]: set HostRegion {
  p = StrictPolicy implies HostRegion else HostRegion - type.DirectRelaxable
}

fun excluded: set HostRegion { excludedUnder[Setting.relaxable] }

/** Each DMA-mapped guest region with each excluded host range it meets, under a policy and a p2p setting. */
fun conflictsUnder[p: Policy, p2p: lone P2p]: GuestRegion -> HostRegion {
  { g: kind.(mappedKindsUnder[p2p]), x: excludedUnder[p] | overlaps[g, x] }
}

/** The pairs the checker reports. */
fun conflicts: GuestRegion -> HostRegion { conflictsUnder[Setting.relaxable, P2p] }

/** The layout is safe on this host: no pair at all. */
pred noConflict { no conflicts }

/** The device can be assigned. */
pred assignable { no Blocker }

/** The verdicts of the checker, as the model defines them. */
pred verdictNoLayout { not assignable }
pred verdictUnsafe { assignable and not noConflict }
pred verdictSafe { assignable and noConflict }

/** The blockers the kernel raises: one at each direct region and at each refused group's MSI window. */
pred kernelBlockers {
  all r: type.Direct | some region.r
  all g: refused - (type.Direct).group | some b: Blocker | some b.region & regionsOf[g]
  Blocker.region.group in refused
}

/** The checker's main assertion: a concrete host and guest bound as an instance satisfy it iff SAFE or NO_LAYOUT without conflicts. */
assert safeLayout { noConflict }

// ---- what the invariant means ------------------------------------------------------------------

run cellVacuity { wellFormed and some mapped and some excluded and noConflict } for 4 expect 1
assert noConflictIsNoSharedCell {
  noConflict iff no cover[mapped] & cover[excluded]
}
check noConflictIsNoSharedCell for 5 expect 0

run doorbellVacuity { some g: mapped, d: type.MsiHw | overlaps[g, d] } for 3 expect 1
assert ramOnBypassDoorbellIsUnsafe {
  (some g: mapped, d: type.MsiHw | overlaps[g, d]) implies not noConflict
}
check ramOnBypassDoorbellIsUnsafe for 5 expect 0

run swWindowVacuity { some g: mapped, w: type.MsiSw | overlaps[g, w] } for 3 expect 1
assert remappableWindowMustStayFree {
  all p: Policy | type.MsiSw in excludedUnder[p]
}
check remappableWindowMustStayFree for 5 expect 0

run everyTypeVacuity {
  some g: mapped, x: type.Reserved, y: type.BridgeWindow, z: type.OutsideAperture | overlaps[g, x] and overlaps[g, y] and overlaps[g, z]
} for 4 expect 1
assert everyNonRelaxableTypeExcluded {
  all p: Policy | HostRegion - type.DirectRelaxable in excludedUnder[p]
}
check everyNonRelaxableTypeExcluded for 5 expect 0

// ---- direct regions and the relaxable policy ------------------------------------------------

run directBlocksVacuity { kernelShaped and kernelBlockers and some type.Direct and noConflict } for 4 expect 1
assert directMakesNoLayout {
  kernelShaped and kernelBlockers and some type.Direct implies verdictNoLayout
}
check directMakesNoLayout for 5 expect 0

run relaxableVacuity { some g: mapped, r: type.DirectRelaxable | overlaps[g, r] } for 3 expect 1
assert kernelIgnoresRelaxable {
  no conflictsUnder[KernelPolicy, P2p][GuestRegion] & type.DirectRelaxable
}
check kernelIgnoresRelaxable for 5 expect 0

run strictStrongerVacuity {
  some conflictsUnder[StrictPolicy, P2p] and no conflictsUnder[KernelPolicy, P2p]
} for 3 expect 1
assert strictIsStronger {
  conflictsUnder[KernelPolicy, P2p] in conflictsUnder[StrictPolicy, P2p]
}
check strictIsStronger for 5 expect 0

run p2pVacuity { some conflictsUnder[KernelPolicy, P2p] - conflictsUnder[KernelPolicy, none] } for 3 expect 1
assert p2pOnlyAddsConflicts {
  all p: Policy | conflictsUnder[p, none] in conflictsUnder[p, P2p]
}
check p2pOnlyAddsConflicts for 5 expect 0

// ---- the verdicts are a partition ----------------------------------------------------------------

run unsafeVacuity { verdictUnsafe } for 3 expect 1
run noLayoutVacuity { kernelShaped and kernelBlockers and verdictNoLayout } for 3 expect 1
run safeVacuity { kernelShaped and some mapped and some excluded and verdictSafe } for 3 expect 1
assert oneVerdict {
  (verdictSafe and not verdictUnsafe and not verdictNoLayout)
  or (verdictUnsafe and not verdictSafe and not verdictNoLayout)
  or (verdictNoLayout and not verdictSafe and not verdictUnsafe)
}
check oneVerdict for 5 expect 0
