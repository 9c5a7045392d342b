package org.iovacheck.engine.alloy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.RegionType;
import org.iovacheck.model.ReservedRegion;

/**
 * Immutable; a check query as an Alloy formula that, with exact scopes, fixes one instance of the safety model: skolemized
 * variables name the regions (lists in query order), every field is bound over the ordered breakpoints.
 */
public record InstanceBinding(String formula, String comment, List<String> guestVars, List<String> exclusionVars,
                              int groups, int blockers, Breakpoints points) {
    public InstanceBinding {
        guestVars = List.copyOf(guestVars);
        exclusionVars = List.copyOf(exclusionVars);
    }

    public static InstanceBinding of(CheckQuery q) {
        List<Range> all = new ArrayList<>();
        q.mapped().forEach(g -> all.add(g.range()));
        q.exclusions().forEach(x -> all.add(x.range()));
        Breakpoints bp = Breakpoints.of(all);
        Map<String, String> groups = new LinkedHashMap<>();
        for (ReservedRegion x : q.exclusions()) {
            if (x.group() != null && !groups.containsKey(x.group())) {
                groups.put(x.group(), "Group" + groups.size() + "_" + ident(x.group()));
            }
        }
        List<String> guests = new ArrayList<>();
        for (int i = 0; i < q.mapped().size(); i++) {
            guests.add("Guest" + i + "_" + ident(q.mapped().get(i).name()));
        }
        List<String> excls = new ArrayList<>();
        for (int i = 0; i < q.exclusions().size(); i++) {
            excls.add("Excl" + i + "_" + ident(q.exclusions().get(i).type().label()));
        }
        List<String> blockers = new ArrayList<>();
        for (int i = 0; i < q.blockers().size(); i++) {
            blockers.add("Blocker" + i);
        }

        List<String> decls = new ArrayList<>();
        List<String> facts = new ArrayList<>();
        atoms(guests, "GuestRegion", decls, facts);
        atoms(excls, "HostRegion", decls, facts);
        atoms(new ArrayList<>(groups.values()), "Group", decls, facts);
        atoms(blockers, "Blocker", decls, facts);

        StringBuilder lets = new StringBuilder("let ");
        for (int i = 0; i < bp.size(); i++) {
            lets.append(i == 0 ? "p0 = bottom" : ", p" + i + " = succ[p" + (i - 1) + "]");
            if (i % 8 == 7 && i + 1 < bp.size()) {
                lets.append("\n      ");
            }
        }
        List<String> fields = new ArrayList<>();
        boolean p2p = false;
        for (int i = 0; i < q.mapped().size(); i++) {
            GuestRegion g = q.mapped().get(i);
            p2p |= g.kind() == GuestKind.BAR;
            String s = guests.get(i);
            fields.add(s + ".kind = " + kindSig(g.kind()) + " and " + s + ".lo = p" + bp.lo(g.range()) + " and " + s + ".hi = p" + bp.hi(g.range()));
        }
        boolean strict = false;
        for (int i = 0; i < q.exclusions().size(); i++) {
            ReservedRegion x = q.exclusions().get(i);
            strict |= x.type() == RegionType.DIRECT_RELAXABLE;
            String s = excls.get(i);
            fields.add(s + ".type = " + typeSig(x.type()) + " and " + s + ".lo = p" + bp.lo(x.range()) + " and " + s + ".hi = p"
                    + bp.hi(x.range()) + " and " + (x.group() == null ? "no " + s + ".group" : s + ".group = " + groups.get(x.group())));
        }
        for (int i = 0; i < q.blockers().size(); i++) {
            int at = q.exclusions().indexOf(q.blockers().get(i).region());
            facts.add(at < 0 ? "no " + blockers.get(i) + ".region" : blockers.get(i) + ".region = " + excls.get(at));
        }
        // The query's exclusions already apply the relaxable policy: a direct-relaxable range there means it is strict.
        facts.add("Setting.relaxable = " + (strict ? "StrictPolicy" : "KernelPolicy"));
        // The query's mapped regions already apply --p2p: a BAR there means BARs are mapped.
        facts.add(p2p ? "some P2p" : "no P2p");
        facts.add("no Iommufd");
        if (!fields.isEmpty()) {
            facts.add("(" + lets + " |\n    " + String.join("\n    and ", fields) + ")");
        }

        String body = String.join("\n  and ", facts);
        String formula = decls.isEmpty() ? body : "some " + String.join(", ", decls) + " |\n  " + body;
        StringBuilder comment = new StringBuilder();
        comment.append("// iovacheck's alloy engine: one check query bound to models/alloy/safety.\n");
        comment.append("// Point$K is breakpoint pK; a range [first, last] is the span [p(first), p(last+1)). The addresses:");
        for (int i = 0; i < bp.size(); i++) {
            comment.append(i % 4 == 0 ? "\n//  " : "  ").append('p').append(i).append('=').append(bp.label(i));
        }
        comment.append('\n');
        return new InstanceBinding(formula, comment.toString(), guests, excls, groups.size(), blockers.size(), bp);
    }

    /** "disj a, b: Sig" and "Sig = a + b" (or "no Sig"). */
    private static void atoms(List<String> names, String sig, List<String> decls, List<String> facts) {
        if (names.isEmpty()) {
            facts.add("no " + sig);
        } else {
            decls.add("disj " + String.join(", ", names) + ": " + sig);
            facts.add(sig + " = " + String.join(" + ", names));
        }
    }

    private static String kindSig(GuestKind k) {
        return switch (k) {
            case RAM -> "Ram";
            case HOTPLUG -> "Hotplug";
            case ROM -> "Rom";
            case BAR, DEVICE_BAR -> "Bar";
            case IVSHMEM -> "Ram";
            case MMIO -> throw new IllegalArgumentException("a check query never DMA-maps an MMIO region");
        };
    }

    private static String typeSig(RegionType t) {
        return switch (t) {
            case DIRECT -> "Direct";
            case DIRECT_RELAXABLE -> "DirectRelaxable";
            case RESERVED -> "Reserved";
            case MSI -> "MsiUndecided";
            case MSI_HW -> "MsiHw";
            case MSI_SW -> "MsiSw";
            case BRIDGE_WINDOW -> "BridgeWindow";
            case OUTSIDE_APERTURE -> "OutsideAperture";
        };
    }

    /** An Alloy identifier fragment: ASCII letters, digits and underscores, at most 24 characters. */
    private static String ident(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(Character.isLetterOrDigit(c) && c < 128 ? c : '_');
            if (b.length() == 24) {
                break;
            }
        }
        return b.toString();
    }
}
