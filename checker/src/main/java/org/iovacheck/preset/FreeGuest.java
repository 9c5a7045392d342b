package org.iovacheck.preset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iovacheck.format.InputException;
import org.iovacheck.format.LayoutParser;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Range;
import org.iovacheck.model.U64;

/**
 * A guest whose VMM lets the user put K equal RAM banks anywhere below the IPA limit (one KVM memory slot each), around the
 * guest's own MMIO windows read from a layout file. Not one VMM's rules: the model of a VMM built for the job, and the
 * preset place uses to find several banks at once.
 */
public final class FreeGuest implements Preset {
    static final long MIB = 1L << 20;
    static final long DEFAULT_BASE = 0x40000000L;
    static final int MAX_BANKS = 256;

    @Override
    public String name() {
        return "free";
    }

    @Override
    public String summary() {
        return "K equal RAM banks at any aligned bases below 2^ipa-bits, around the MMIO windows of a layout file (no fixed VMM rules)";
    }

    @Override
    public List<PresetParam> params() {
        return List.of(
                new PresetParam("ram", "1G", "total RAM, split into equal banks; a multiple of banks x align"),
                new PresetParam("banks", "1", "number of RAM banks K (1.." + MAX_BANKS + ")"),
                new PresetParam("align", "2M", "alignment of every bank base, a power of two of at least 4K"),
                new PresetParam("ipa-bits", "40", "guest physical address width: every bank ends below 2^ipa-bits (32..64)"),
                new PresetParam("bank0", "0x40000000", "base of bank 0; bank1, bank2, ... likewise (default: packed upward from 0x40000000)"),
                new PresetParam("mmio", "none", "a guest layout file whose mmio, bar and rom regions are the guest's own fixed windows"));
    }

    @Override
    public boolean takesKey(String key) {
        return Preset.super.takesKey(key) || key.matches("bank(0|[1-9][0-9]{0,2})");
    }

    /** The settings every layout and bank set share. */
    private record Shape(long ram, int banks, long align, int ipaBits, long bankLength, List<GuestRegion> fixed, List<String> notes, String mmio) {
        long maxEnd() {
            return U64.maskBits(ipaBits);
        }
    }

    private Shape shape(PresetArgs a) throws InputException {
        long ram = a.size("ram", 1L << 30);
        int banks = a.integer("banks", 1, MAX_BANKS, 1);
        long align = a.size("align", 2 * MIB);
        int ipa = a.integer("ipa-bits", 32, 64, 40);
        String mmio = a.text("mmio");
        if ((align & (align - 1)) != 0 || U64.lt(align, 4096)) {
            throw InputException.option("align", SizeText.of(align) + " is not a power of two of at least 4K");
        }
        long unit = unit(banks, align);
        if (unit == 0 || Long.remainderUnsigned(ram, unit) != 0) {
            throw InputException.option("ram", SizeText.of(ram) + " is not a multiple of banks x align = " + banks + " x " + SizeText.of(align)
                    + (unit == 0 ? "" : " = " + SizeText.of(unit)) + " (every bank must be a whole number of alignment units)");
        }
        List<GuestRegion> fixed = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (mmio != null && !mmio.isEmpty() && !mmio.equals("none")) {
            GuestLayout file = LayoutParser.load(Path.of(mmio));
            int ignored = 0;
            for (GuestRegion g : file.regions()) {
                if (g.kind() == GuestKind.MMIO || g.kind() == GuestKind.BAR || g.kind() == GuestKind.ROM) {
                    fixed.add(g);
                } else {
                    ignored++;
                }
            }
            notes.add(fixed.size() + " fixed window(s) from " + mmio + (ignored == 0 ? "" : "; its " + ignored
                    + " ram/hotplug region(s) are not used (this preset places the RAM itself)"));
        }
        return new Shape(ram, banks, align, ipa, Long.divideUnsigned(ram, banks), fixed, notes, mmio);
    }

    @Override
    public GuestLayout layout(PresetArgs a) throws InputException {
        Shape sh = shape(a);
        long[] bases = new long[sh.banks()];
        for (int i = 0; i < sh.banks(); i++) {
            long packed = LayoutBuilder.add(DEFAULT_BASE, (long) i * sh.bankLength(), "bank" + i);
            bases[i] = a.address("bank" + i, packed);
        }
        for (int i = sh.banks(); i < 1000; i++) {
            if (a.has("bank" + i)) {
                throw InputException.option("bank" + i, "there are only " + sh.banks() + " bank(s), bank0..bank" + (sh.banks() - 1) + " (banks=" + sh.banks() + ")");
            }
        }
        a.finish(this);
        LayoutBuilder b = new LayoutBuilder(name());
        List<GuestRegion> placed = new ArrayList<>();
        for (int i = 0; i < sh.banks(); i++) {
            String key = "bank" + i;
            if ((bases[i] & (sh.align() - 1)) != 0) {
                throw InputException.option(key, U64.shortHex(bases[i]) + " is not aligned to " + SizeText.of(sh.align()));
            }
            Range r = LayoutBuilder.ofSize(bases[i], sh.bankLength(), key);
            if (U64.lt(sh.maxEnd(), r.last())) {
                throw InputException.option(key, "bank " + r + " passes the " + sh.ipaBits() + "-bit guest physical address space (ends above "
                        + U64.shortHex(sh.maxEnd()) + ")");
            }
            for (int j = 0; j < placed.size(); j++) {
                if (placed.get(j).range().overlaps(r)) {
                    throw InputException.option(key, "bank " + r + " overlaps bank" + j + " " + placed.get(j).range());
                }
            }
            for (GuestRegion g : sh.fixed()) {
                if (g.range().overlaps(r)) {
                    throw InputException.option(key, "bank " + r + " overlaps the guest's " + g.kind().label() + " window '" + g.name() + "' "
                            + g.range() + " from " + sh.mmio());
                }
            }
            GuestRegion bank = new GuestRegion("ram" + i, GuestKind.RAM, r);
            placed.add(bank);
            b.span(bank.name(), GuestKind.RAM, r.first(), r.last());
        }
        for (GuestRegion g : sh.fixed()) {
            b.span(g.name(), g.kind(), g.range().first(), g.range().last());
        }
        StringBuilder opt = new StringBuilder("ram=" + SizeText.withUnit(sh.ram()) + " banks=" + sh.banks() + " align=" + SizeText.withUnit(sh.align()));
        b.option(opt.toString());
        for (int i = 0; i < sh.banks(); i++) {
            b.option("bank" + i + "=" + U64.shortHex(bases[i]));
        }
        b.note(sh.banks() + " bank(s) of " + SizeText.of(sh.bankLength()) + ", each base aligned to " + SizeText.of(sh.align())
                + ", all below 2^" + sh.ipaBits());
        sh.notes().forEach(b::note);
        return b.build();
    }

    @Override
    public Optional<BankSet> movableBanks(Map<String, String> settings) throws InputException {
        PresetArgs a = new PresetArgs(settings);
        Shape sh = shape(a);
        return Optional.of(new BankSet("bank", sh.banks(), sh.bankLength(), sh.align(), 0, sh.maxEnd(), sh.fixed(),
                "any " + SizeText.of(sh.align()) + "-aligned bases with every bank below 2^" + sh.ipaBits() + " (ipa-bits)"));
    }

    @Override
    public Optional<Knob> bankCount() {
        return Optional.of(new Knob("banks", 1, MAX_BANKS, 1, false, "banks=K: the number of equal RAM banks (one KVM memory slot each)"));
    }

    @Override
    public long ramStep(Map<String, String> settings) {
        try {
            PresetArgs a = new PresetArgs(settings);
            long u = unit(a.integer("banks", 1, MAX_BANKS, 1), a.size("align", 2 * MIB));
            return u == 0 ? 1 : u;
        } catch (InputException e) {
            return 1;
        }
    }

    /** banks x align, or 0 when it passes 2^64 - 1. */
    private static long unit(int banks, long align) {
        return Long.compareUnsigned(align, Long.divideUnsigned(U64.MAX, banks)) > 0 ? 0 : banks * align;
    }

    /** With the default packed bases the banks form one range from 0x40000000 that grows with RAM; given bases grow in place. */
    @Override
    public boolean nestedInRam(Map<String, String> settings) {
        return true;
    }

}
