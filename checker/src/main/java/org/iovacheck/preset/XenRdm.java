package org.iovacheck.preset;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.format.InputException;
import org.iovacheck.format.Numbers;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;

/**
 * libxl's handling of reserved device memory (RDM: the RMRRs of the assigned devices) for an HVM guest, after
 * libxl__domain_device_construct_rdm in tools/libs/light/libxl_dm.c: an RDM that meets low RAM and starts above
 * rdm_mem_boundary (LIBXL_RDM_MEM_BOUNDARY_MEMKB_DEFAULT, 2 GiB) ends low RAM at its start, rounded down to 2 MiB for HAP guests,
 * and the RAM moved goes above 4 GiB; an RDM still meeting RAM afterwards fails the domain under the strict policy ("RDM
 * conflict at 0x...") or is ignored with a warning under relaxed.
 */
final class XenRdm {
    static final long BOUNDARY_DEFAULT = 2L << 30;
    static final long TWO_MIB = 2L << 20;
    static final long FOUR_GIB = 1L << 32;

    private XenRdm() {
    }

    /** Immutable; the low RAM end and high RAM end (0 = none) libxl settles on, and what it said. */
    record Result(long lowmemEnd, long highmemEnd, List<String> notes) {
    }

    /** "FIRST-LAST[,FIRST-LAST...]", inclusive; null or "none" for no RDM. */
    static List<Range> parse(String text) throws InputException {
        List<Range> out = new ArrayList<>();
        if (text == null || text.equals("none")) {
            return out;
        }
        for (String part : text.split(",")) {
            int dash = part.indexOf('-');
            try {
                if (dash <= 0) {
                    throw new IllegalArgumentException("'" + part + "' is not FIRST-LAST");
                }
                out.add(new Range(Numbers.address(part.substring(0, dash).trim()), Numbers.address(part.substring(dash + 1).trim())));
            } catch (IllegalArgumentException e) {
                throw InputException.option("rdm", e.getMessage());
            }
        }
        return out;
    }

    private static boolean overlaps(long start, long size, Range rdm) {
        return size != 0 && U64.lt(rdm.first(), start + size) && U64.le(start, rdm.last());
    }

    static Result construct(List<Range> rdms, long lowmemEnd, long highmemEnd, long boundary, boolean strict) throws InputException {
        List<String> notes = new ArrayList<>();
        long low = lowmemEnd;
        long high = highmemEnd;
        for (Range r : rdms) {
            if (overlaps(0, low, r) && U64.lt(boundary, r.first())) {
                long start = U64.lt(TWO_MIB, r.first()) ? r.first() & -TWO_MIB : r.first();
                if (high == 0) {
                    high = FOUR_GIB;
                }
                high = LayoutBuilder.add(high, low - start, "ram");
                notes.add("libxl moves the end of low RAM from " + U64.shortHex(low) + " to " + U64.shortHex(start) + " below the RDM "
                        + r + " (above rdm_mem_boundary " + U64.shortHex(boundary) + "); " + SizeText.of(low - start) + " more above 4 GiB");
                low = start;
            }
        }
        for (Range r : rdms) {
            boolean conflict = overlaps(0, low, r) || (high != 0 && overlaps(FOUR_GIB, high - FOUR_GIB, r));
            if (!conflict) {
                continue;
            }
            if (strict) {
                throw InputException.option("rdm", "RDM conflict at 0x" + Long.toHexString(r.first()) + " (libxl fails the domain with"
                        + " rdm_policy=strict: the RDM lies below rdm_mem_boundary or above 4 GiB, where libxl does not move RAM)");
            }
            notes.add("Ignoring RDM conflict at 0x" + Long.toHexString(r.first()) + " (rdm_policy=relaxed): guest RAM stays over it");
        }
        return new Result(low, high, notes);
    }
}
