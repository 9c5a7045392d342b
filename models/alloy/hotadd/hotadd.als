module hotadd/hotadd

/*
 * Device hot-add to a running VM whose guest memory is already DMA-mapped. VFIO type1 refuses a new
 * group (vfio_iommu_resv_conflict, -EINVAL) when any of its regions other than direct-relaxable
 * meets an existing mapping; iommufd refuses the device likewise (-EADDRINUSE). The existing
 * mappings are the layout's mapped guest regions.
 */

open safety/safety

/** The groups already attached to the VM; the mapped guest regions are mapped for all of them. */
sig Attached in Group {}

/** The host regions that bind a container holding the groups gs: theirs and the host-wide ones. */
fun regionsFor[gs: set Group]: set HostRegion {
  { r: HostRegion | no r.group or r.group in gs }
}

/** The existing mappings avoid every region VFIO excludes for a container of the groups gs. */
pred safeFor[gs: set Group] {
  no m: mapped, x: regionsFor[gs] & excludedUnder[KernelPolicy] | overlaps[m, x]
}

/** The kernel's hot-add rule: none of the new group's non-relaxable regions meets an existing mapping. */
pred mayJoin[n: Group] {
  no x: regionsOf[n] - type.DirectRelaxable, m: mapped | overlaps[x, m]
}

/** The hot-add answer: ACCEPT iff the group is not refused outright and may join. */
pred accept[n: Group] {
  n not in refused and mayJoin[n]
}

// ---- the rule keeps the running VM safe, and refuses only what would break it -------------------

run joinVacuity {
  safeFor[Attached] and some n: Group - Attached | mayJoin[n] and some regionsOf[n] and some mapped
} for 4 expect 1
assert joinKeepsSafety {
  all n: Group - Attached | safeFor[Attached] and mayJoin[n] implies safeFor[Attached + n]
}
check joinKeepsSafety for 5 expect 0

run refuseVacuity { safeFor[Attached] and some n: Group - Attached | not mayJoin[n] } for 4 expect 1
assert refusalIsNeeded {
  all n: Group - Attached | safeFor[Attached] and not mayJoin[n] implies not safeFor[Attached + n]
}
check refusalIsNeeded for 5 expect 0

run relaxableJoinVacuity {
  some n: Group, m: mapped, r: regionsOf[n] | regionsOf[n].type = DirectRelaxable and overlaps[m, r]
} for 4 expect 1
assert relaxableNeverRefuses {
  all n: Group | regionsOf[n].type in DirectRelaxable implies mayJoin[n]
}
check relaxableNeverRefuses for 5 expect 0

run twoJoinsVacuity {
  safeFor[Attached] and some disj n1, n2: Group - Attached | mayJoin[n1] and mayJoin[n2]
} for 4 expect 1
assert joinOrderIrrelevant {
  all n1, n2: Group - Attached |
    safeFor[Attached] and mayJoin[n1] and mayJoin[n2] implies safeFor[Attached + n1 + n2]
}
check joinOrderIrrelevant for 5 expect 0

run directHotAddVacuity { kernelShaped and some n: Group | mayJoin[n] and some regionsOf[n] & type.Direct } for 4 expect 1
assert directIsRefusedEvenWithoutConflict {
  kernelShaped implies (all n: Group | some regionsOf[n] & type.Direct implies not accept[n])
}
check directIsRefusedEvenWithoutConflict for 5 expect 0

/** Hot-add accepts exactly the groups the VM could have started with, given its current layout. */
run bootEquivalenceVacuity { safeFor[Attached] and some n: Group - Attached | accept[n] } for 4 expect 1
assert hotAddMatchesBoot {
  safeFor[Attached] implies (all n: Group - Attached | accept[n] iff (n not in refused and safeFor[Attached + n]))
}
check hotAddMatchesBoot for 5 expect 0
