module platform/platform

/*
 * What a host's IOMMU puts in the way of device DMA: the kernel's region types, the aperture, the
 * PCI bridge windows sysfs does not list, and the platform classes of the design brief (remappable
 * doorbell, bypass doorbell, P2P abort ranges). Facts: Linux 6.12 iommu.c, vfio_iommu_type1.c,
 * iommufd/io_pagetable.c (see docs/alloy.md).
 */

open regions/regions

/** Must stay identity-mapped (RMRR, IORT RMR): the device cannot be assigned at all. */
one sig Direct extends Type {}
/** Identity mapping the kernel may relax for assignment (USB, graphics RMRRs; RMRs with remap permitted). */
one sig DirectRelaxable extends Type {}
/** Never map, never give to a device (AMD HyperTransport hole, old kernels' PCI windows). */
one sig Reserved extends Type {}
/** Hardware MSI doorbell: DMA writes there bypass the IOMMU and become interrupts. */
one sig MsiHw extends Type {}
/** Software MSI window: the kernel maps the remapped doorbell here, so the IOVA window must stay free. */
one sig MsiSw extends Type {}
/** An msi line not yet decided hardware or software (sysfs prints both as msi). */
one sig MsiUndecided extends Type {}
/** PCI bridge window: DMA there goes peer-to-peer or aborts before the IOMMU (not in current sysfs). */
one sig BridgeWindow extends Type {}
/** Addresses beyond the IOMMU's input width or valid IOVA ranges. */
one sig OutsideAperture extends Type {}

/** The types a sysfs reserved_regions file can carry (after the msi kind is decided). */
fun sysfsTypes: set Type { Direct + DirectRelaxable + Reserved + MsiHw + MsiSw + MsiUndecided }

/** The IOMMU driver's reported ranges of a group. */
fun regionsOf[g: Group]: set HostRegion { group.g }

/** The host uses iommufd (per-device regions) instead of VFIO type1 containers. */
lone sig Iommufd {}

/** A platform the kernel can report: sysfs types belong to a group, the aperture to the host, groups merged. */
pred kernelShaped {
  all r: HostRegion | r.type in sysfsTypes implies one r.group
  all r: HostRegion | r.type = OutsideAperture implies no r.group
  no MsiUndecided.~type
  all disj a, b: HostRegion | sameKey[a, b] implies not touches[a, b]
}

// ---- the platform classes ------------------------------------------------------------------

/** The doorbell is reached through the IOMMU: the group keeps a software MSI window free. */
pred remappableDoorbell[g: Group] { some regionsOf[g] & type.MsiSw }

/** The doorbell bypasses the IOMMU: the group lists a hardware MSI region. */
pred bypassDoorbell[g: Group] { some regionsOf[g] & type.MsiHw }

/** A bridge or switch routes some addresses peer-to-peer or aborts them before the IOMMU. */
pred p2pAbort { some type.BridgeWindow }

/** The IOMMU translates fewer than all 64 address bits. */
pred narrowAperture { some type.OutsideAperture }

/** The groups the kernel refuses to give to VFIO or iommufd whatever the guest layout. */
fun refused: set Group {
  (type.Direct).group
  + { g: Group | some Iommufd and remappableDoorbell[g] and
        (bypassDoorbell[g] or not lone (regionsOf[g] & type.MsiSw)) }
}

// ---- sanity: the classes are inhabited and independent; what refuses a group --------------

run remappableClass { kernelShaped and some g: Group | remappableDoorbell[g] and not bypassDoorbell[g] } for 4 expect 1
run bypassClass { kernelShaped and some g: Group | bypassDoorbell[g] and not remappableDoorbell[g] } for 4 expect 1
run p2pClass { kernelShaped and p2pAbort and no refused } for 4 expect 1
run narrowClass { kernelShaped and narrowAperture and some g: Group | remappableDoorbell[g] } for 4 expect 1

/** A D05-like group: both doorbell kinds, and type1 still accepts it. */
run bothDoorbellsUnderType1 {
  kernelShaped and no Iommufd and some g: Group | remappableDoorbell[g] and bypassDoorbell[g] and g not in refused
} for 4 expect 1

run directVacuity { kernelShaped and some type.Direct } for 4 expect 1
assert directRefusesItsGroup {
  kernelShaped implies all r: type.Direct | r.group in refused
}
check directRefusesItsGroup for 5 expect 0

run iommufdMixVacuity { kernelShaped and some Iommufd and some g: Group | remappableDoorbell[g] and bypassDoorbell[g] } for 4 expect 1
assert iommufdRefusesMixedDoorbells {
  kernelShaped and some Iommufd implies
    (all g: Group | remappableDoorbell[g] and bypassDoorbell[g] implies g in refused)
}
check iommufdRefusesMixedDoorbells for 5 expect 0

run relaxableOnlyVacuity { kernelShaped and some g: Group | regionsOf[g].type = DirectRelaxable } for 4 expect 1
assert relaxableAloneNeverRefuses {
  kernelShaped implies (all g: Group | regionsOf[g].type in DirectRelaxable implies g not in refused)
}
check relaxableAloneNeverRefuses for 5 expect 0

run kernelShapedVacuity { kernelShaped and some disj a, b: HostRegion | a.group = b.group and a.type = b.type } for 4 expect 1
assert kernelShapedGroupsAreMerged {
  kernelShaped implies (all g: Group | mergeOf[regionsOf[g], regionsOf[g]])
}
check kernelShapedGroupsAreMerged for 4 but 5 Point expect 0
