module regions/regions

/*
 * Ranges over symbolic breakpoints, and the kernel's merge of a group's reserved regions.
 *
 * No real address appears here: Alloy integers are at most 30 bits wide. The checker sorts the
 * distinct boundaries of a concrete platform (each range's first address and the address after its
 * last) and binds them, in order, to Point atoms. An inclusive range [first, last] becomes the
 * half-open span [lo, hi) with lo = first and hi = last + 1; the top point may stand for 2^64.
 * Every point p also names the cell of addresses [p, next p): a cell lies wholly inside or wholly
 * outside every range, so overlap and touch questions on cells are exact.
 */

open util/ordering[Point] as po

/** A breakpoint: where some range starts, or the address after some range ends. */
sig Point {}

/** An IOMMU group: the kernel merges reserved regions within one group, never across groups. */
sig Group {}

/** What a host region is; platform/platform names the kernel's types. */
abstract sig Type {}

/** A non-empty half-open span [lo, hi) of breakpoints. */
abstract sig Range {
  lo, hi: one Point
} {
  po/lt[lo, hi]
}

/** A reserved region as a group lists it; no group means it belongs to the whole host (aperture, shared windows). */
sig HostRegion extends Range {
  type: one Type,
  group: lone Group
}

/** Point order, for modules that open this one (the ordering's alias is not visible to them). */
pred below[a, b: Point] { po/lt[a, b] }
pred atOrBelow[a, b: Point] { po/lte[a, b] }
fun lowest[ps: set Point]: lone Point { po/min[ps] }
fun highest[ps: set Point]: lone Point { po/max[ps] }
fun top: one Point { po/last }
fun bottom: one Point { po/first }
fun succ[p: Point]: lone Point { p.(po/next) }

/** The cells of r: the points from r.lo up to, not including, r.hi. */
fun cells[r: Range]: set Point {
  r.lo.*po/next - r.hi.*po/next
}

/** The cells some range of rs covers. */
fun cover[rs: set Range]: set Point {
  { p: Point | some r: rs | p in cells[r] }
}

/** a and b share at least one address. */
pred overlaps[a, b: Range] {
  po/lt[a.lo, b.hi] and po/lt[b.lo, a.hi]
}

/** a and b share an address or are adjacent with no gap: the kernel's merge condition. */
pred touches[a, b: Range] {
  po/lte[a.lo, b.hi] and po/lte[b.lo, a.hi]
}

/** The regions the kernel may merge: same type, same group (or both host-wide). */
pred sameKey[a, b: HostRegion] {
  a.type = b.type and a.group = b.group
}

/** Pairs of regions of rs the kernel merges in one step. */
fun link[rs: set HostRegion]: HostRegion -> HostRegion {
  { a, b: rs | sameKey[a, b] and touches[a, b] }
}

/** The regions of rs chained to a by touching same-key regions (a itself included). */
fun chain[rs: set HostRegion, a: HostRegion]: set HostRegion {
  a.*(link[rs]) & rs
}

/** o spans the chain c: same key as its members, from the lowest start to the highest end. */
pred spans[o: HostRegion, c: set HostRegion] {
  o.type = c.type and o.group = c.group
  o.lo = po/min[c.lo] and o.hi = po/max[c.hi]
}

/**
 * outs is the list the kernel keeps for the regions ins (iommu_insert_resv_region): one region per
 * chain of touching same-type regions of one group, spanning the chain. Other types are left alone.
 */
pred mergeOf[ins, outs: set HostRegion] {
  all a: ins | one o: outs | spans[o, chain[ins, a]]
  all o: outs | some a: ins | spans[o, chain[ins, a]]
}

// ---- sanity of the vocabulary (each check follows a run showing its premise can hold) -------

run overlapVacuity { some disj a, b: Range | overlaps[a, b] } for 4 expect 1
assert overlapSymmetric {
  all a, b: Range | overlaps[a, b] iff overlaps[b, a]
}
check overlapSymmetric for 6 expect 0

run disjointVacuity { some disj a, b: Range | not overlaps[a, b] } for 4 expect 1
assert disjointnessSymmetric {
  all a, b: Range | not overlaps[a, b] iff not overlaps[b, a]
}
check disjointnessSymmetric for 6 expect 0

run sharedCellVacuity { some disj a, b: Range | some cells[a] & cells[b] } for 4 expect 1
assert overlapIsSharedCell {
  all a, b: Range | overlaps[a, b] iff some cells[a] & cells[b]
}
check overlapIsSharedCell for 6 expect 0

run touchWithoutOverlap { some a, b: Range | touches[a, b] and not overlaps[a, b] } for 4 expect 1
assert touchIsNoGap {
  all a, b: Range | touches[a, b] iff
    (no p: Point - cover[a + b] | some q, r: cover[a + b] | po/lt[q, p] and po/lt[p, r])
}
check touchIsNoGap for 6 expect 0

run overlapImpliesTouchVacuity { some disj a, b: Range | overlaps[a, b] and a.lo != b.lo } for 4 expect 1
assert overlapImpliesTouch {
  all a, b: Range | overlaps[a, b] implies touches[a, b]
}
check overlapImpliesTouch for 6 expect 0

// ---- the kernel's merge: every check's premise is mergeOf, shown satisfiable with a real merge --

run mergeVacuity {
  some ins, outs: set HostRegion | mergeOf[ins, outs] and (some disj a, b: ins | sameKey[a, b] and touches[a, b])
} for 4 but 5 Point, 2 Group, 2 Type expect 1

assert mergePreservesCoverage {
  all ins, outs: set HostRegion | mergeOf[ins, outs] implies
    (all k: ins + outs | cover[{ r: ins | sameKey[r, k] }] = cover[{ r: outs | sameKey[r, k] }])
}
check mergePreservesCoverage for 4 but 5 Point, 2 Group, 2 Type expect 0

run mergedNeverTouchVacuity {
  some ins, outs: set HostRegion | mergeOf[ins, outs] and (some disj a, b: outs | sameKey[a, b])
} for 4 but 5 Point, 2 Group, 2 Type expect 1
assert mergedSameKeyNeverTouch {
  all ins, outs: set HostRegion | mergeOf[ins, outs] implies
    (no disj a, b: outs | sameKey[a, b] and touches[a, b])
}
check mergedSameKeyNeverTouch for 4 but 5 Point, 2 Group, 2 Type expect 0

run idempotentVacuity {
  some ins, outs: set HostRegion | mergeOf[ins, outs] and ins != outs
} for 4 but 5 Point, 2 Group, 2 Type expect 1
assert mergeIsIdempotent {
  all ins, outs: set HostRegion | mergeOf[ins, outs] implies mergeOf[outs, outs]
}
check mergeIsIdempotent for 4 but 5 Point, 2 Group, 2 Type expect 0

/** Regions of different types are never merged, even when they overlap (a real dump shows it). */
run differentTypesStayOverlapping {
  some ins, outs: set HostRegion | mergeOf[ins, outs] and
    (some disj a, b: outs | a.type != b.type and overlaps[a, b])
} for 4 but 5 Point, 2 Group, 2 Type expect 1

/** Touching regions of one type in two groups stay apart: the group is part of the key. */
run sameTypeTwoGroupsStaySeparate {
  some ins, outs: set HostRegion | mergeOf[ins, outs] and
    (some disj a, b: outs | a.type = b.type and a.group != b.group and touches[a, b])
} for 4 but 5 Point, 2 Group, 2 Type expect 1
