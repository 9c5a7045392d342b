package org.iovacheck.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.interval.IntervalEngine;
import org.iovacheck.format.SysfsParser;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.Group;
import org.iovacheck.model.GuestKind;
import org.iovacheck.model.GuestRegion;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostSemantics;
import org.iovacheck.model.Range;
import org.iovacheck.model.ResolvedHost;
import org.iovacheck.model.Source;

/** The region-list scaling table: parsing, resolving and checking generated sysfs texts of up to 1M regions (interval engine). */
final class RegionListTable {
    private RegionListTable() {
    }

    /** Markdown rows (header included), each a median of {@code runs} runs after 2 warm-up runs. */
    static List<String> rows(int runs) throws Exception {
        List<String> out = new ArrayList<>();
        out.add("| regions | parse ms | resolve ms | check ms | total ms | conflicts |");
        out.add("|---:|---:|---:|---:|---:|---:|");
        for (int n : new int[] {1_000, 100_000, 1_000_000}) {
            String text = Instances.sysfs(n, 48, 42);
            double parse = Timer.medianMillis(2, runs, () -> SysfsParser.parse(text, "gen", 1, "1"));
            var regions = SysfsParser.parse(text, "gen", 1, "1");
            Host host = Host.ofGroups("gen", List.of(new Group("1", regions, Source.BUILTIN)), Source.BUILTIN);
            double resolve = Timer.medianMillis(2, runs, () -> HostSemantics.resolve(host));
            ResolvedHost rh = HostSemantics.resolve(host);
            List<GuestRegion> guest = new ArrayList<>();
            guest.add(new GuestRegion("ram", GuestKind.RAM, Range.ofSize(0x40000000L, 4L << 30)));
            CheckQuery q = new CheckQuery(guest, rh.exclusions(), rh.blockers());
            IntervalEngine e = new IntervalEngine();
            double check = Timer.medianMillis(2, runs, () -> e.check(q, Budget.unlimited()));
            int conflicts = e.check(q, Budget.unlimited()).conflicts().size();
            out.add(String.format(Locale.ROOT, "| %,d | %.1f | %.1f | %.1f | %.1f | %d |", n, parse, resolve, check, parse + resolve + check, conflicts));
            System.err.println(out.get(out.size() - 1));
        }
        return out;
    }
}
