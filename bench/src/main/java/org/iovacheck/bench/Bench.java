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

/** Prints a Markdown table of median timings; every row of a table is measured in the same run. */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        System.out.println("## Reading and checking large region lists (interval engine)");
        System.out.println();
        System.out.printf(Locale.ROOT, "JVM %s, %d cores; median of %d runs after warm-up.%n%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), runs);
        System.out.println("| regions | parse ms | resolve ms | check ms | total ms | conflicts |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
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
            System.out.printf(Locale.ROOT, "| %,d | %.1f | %.1f | %.1f | %.1f | %d |%n", n, parse, resolve, check, parse + resolve + check, conflicts);
        }
    }
}
