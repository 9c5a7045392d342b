module questions/questions

/*
 * Layout questions over symbolic breakpoints: where can a RAM bank go, how far can it grow from a
 * VMM's fixed base, and when does one memory map serve a whole fleet. Here the bank's ends are free
 * and the solver places them. Sizes are not points: questions about bytes belong to the place
 * command and the sat engine; these are the order facts those answers rest on.
 */

open safety/safety

/** A RAM bank that meets no excluded range. */
pred safeBank[b: GuestRegion] {
  b.kind = Ram
  no x: excluded | overlaps[b, x]
}

/** The VMM's fixed RAM base (QEMU virt: 0x40000000) and the least end the guest's RAM size needs. */
one sig Vmm {
  base: one Point,
  need: one Point
} {
  below[base, need]
}

/** A bank the VMM can produce: starts at the base and reaches at least the needed end. */
pred vmmBank[b: GuestRegion] {
  b.kind = Ram and b.lo = Vmm.base and atOrBelow[Vmm.need, b.hi]
}

// ---- one bank ---------------------------------------------------------------------------------

/** A platform with both doorbell kinds in one group (HiSilicon D05-like) still admits a safe bank. */
run safePlacementExists {
  kernelShaped
  some g: Group | remappableDoorbell[g] and bypassDoorbell[g]
  some b: GuestRegion | safeBank[b]
} for 5 expect 1

/** A bank that starts below an excluded range and ends above it is never safe: banks live in gaps. */
run acrossVacuity { some b: GuestRegion, x: excluded | b.kind = Ram and below[b.lo, x.lo] and below[x.hi, b.hi] } for 4 expect 1
assert noSafeBankAcrossAnExclusion {
  all b: GuestRegion, x: excluded | atOrBelow[b.lo, x.lo] and atOrBelow[x.hi, b.hi] implies not safeBank[b]
}
check noSafeBankAcrossAnExclusion for 5 expect 0

run gapVacuity { some b: GuestRegion | safeBank[b] and some excluded } for 4 expect 1
assert safeBankIsInsideOneGap {
  all b: GuestRegion | safeBank[b] implies cells[b] in Point - cover[excluded]
}
check safeBankIsInsideOneGap for 5 expect 0

/** Two banks split around a doorbell (lowmem/highmem style) are safe where one bank could not be. */
run splitAroundDoorbell {
  some disj b1, b2: GuestRegion, d: type.MsiHw |
    safeBank[b1] and safeBank[b2] and atOrBelow[b1.hi, d.lo] and atOrBelow[d.hi, b2.lo]
    and not (some b: GuestRegion | b.lo = b1.lo and b.hi = b2.hi and safeBank[b])
} for 5 expect 1

// ---- the largest bank from the VMM's base ------------------------------------------------------

/** The first excluded start at or after the base, if any. */
fun nextExclusionFromBase: lone Point {
  lowest[{ p: excluded.lo | atOrBelow[Vmm.base, p] }]
}

/** No excluded range holds the base itself. */
pred baseIsFree {
  no x: excluded | atOrBelow[x.lo, Vmm.base] and below[Vmm.base, x.hi]
}

run stopVacuity { some b: GuestRegion | vmmBank[b] and safeBank[b] and some nextExclusionFromBase } for 5 expect 1
assert bankStopsAtNextExclusion {
  all b: GuestRegion | vmmBank[b] and safeBank[b] and some nextExclusionFromBase
    implies atOrBelow[b.hi, nextExclusionFromBase]
}
check bankStopsAtNextExclusion for 5 expect 0

run growVacuity { baseIsFree and some b: GuestRegion | b.kind = Ram and b.lo = Vmm.base and b.hi = nextExclusionFromBase } for 5 expect 1
assert growingToNextExclusionIsSafe {
  all b: GuestRegion | baseIsFree and b.kind = Ram and b.lo = Vmm.base and b.hi = nextExclusionFromBase
    implies safeBank[b]
}
check growingToNextExclusionIsSafe for 5 expect 0

// ---- fleets: one memory map for every host ---------------------------------------------------------

/** A host of a fleet: the groups it contributes (the host-wide ranges count for every host). */
sig Host {
  groups: set Group
}

/** The excluded ranges that bind a guest on host h. */
fun excludedOn[h: Host]: set HostRegion {
  { x: excluded | no x.group or x.group in h.groups }
}

pred safeBankOn[b: GuestRegion, h: Host] {
  b.kind = Ram
  no x: excludedOn[h] | overlaps[b, x]
}

/** Exists-for-all: one bank that every host of the fleet admits. */
run fleetMapExists {
  some disj h1, h2: Host | some h1.groups and some h2.groups
  some b: GuestRegion | vmmBank[b] and (all h: Host | safeBankOn[b, h])
  some x: excluded | x.group in Host.groups
} for 5 expect 1

/** For one bank from a fixed base, for-all-exists and exists-for-all agree: the least bank serves all. */
run fleetVacuity {
  some disj h1, h2: Host | h1.groups != h2.groups
  all h: Host | some b: GuestRegion | vmmBank[b] and safeBankOn[b, h]
} for 5 expect 1
assert oneBankServesTheFleet {
  (all h: Host | some b: GuestRegion | vmmBank[b] and safeBankOn[b, h]) implies
    (all h: Host, b: GuestRegion | vmmBank[b] and b.hi = Vmm.need implies safeBankOn[b, h])
}
check oneBankServesTheFleet for 5 expect 0
