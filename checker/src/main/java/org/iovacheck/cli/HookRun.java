package org.iovacheck.cli;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.engine.Budget;
import org.iovacheck.engine.CheckOutcome;
import org.iovacheck.engine.CheckRunner;
import org.iovacheck.engine.Engines;
import org.iovacheck.engine.Verdict;
import org.iovacheck.format.HostLoader;
import org.iovacheck.format.InputException;
import org.iovacheck.format.config.DomainReader;
import org.iovacheck.format.config.GuestConfig;
import org.iovacheck.model.Blocker;
import org.iovacheck.model.CheckQuery;
import org.iovacheck.model.Conflict;
import org.iovacheck.model.GuestLayout;
import org.iovacheck.model.Host;
import org.iovacheck.model.HostSemantics;
import org.iovacheck.model.ResolvedHost;
import org.iovacheck.preset.ConfigGuest;
import org.iovacheck.report.CheckReport;
import org.iovacheck.report.HostCheck;
import org.iovacheck.report.TextReport;

/** One judgement of the libvirt hook: the domain XML against the configured host, as a verdict line and the full answer. */
final class HookRun {
    private HookRun() {
    }

    /**
     * Immutable; the hook's answer: refuse the start or not, whether an internal problem occurred (passes unless strict), the one
     * line for libvirt and the full answer for the log.
     */
    record Result(boolean refuse, boolean problem, String line, String detail, java.util.concurrent.Callable<String> fixer) {
        static Result problem(String why, String detail) {
            return new Result(false, true, "iovacheck: could not judge the VM (" + why + ")", detail, null);
        }

        static Result pass(String why, String detail) {
            return new Result(false, false, "iovacheck: " + why, detail, null);
        }

        static Result refuse(String line, String detail) {
            return new Result(true, false, line, detail, null);
        }

        Result withLine(String l) {
            return new Result(refuse, problem, l, detail, fixer);
        }
    }

    static Result judge(String guest, String xml, HookSettings s) {
        GuestConfig c;
        try {
            c = DomainReader.read(xml, "domain XML of " + guest);
        } catch (InputException e) {
            return Result.problem(e.getMessage(), "");
        }
        if (c.hostdevs().isEmpty()) {
            return Result.pass("VM " + guest + " assigns no PCI device; VFIO maps nothing", "");
        }
        Host host;
        try {
            host = HostLoader.load(s.host());
        } catch (InputException e) {
            return Result.problem("host " + s.host() + ": " + e.getMessage(), "");
        }
        ConfigGuest cg;
        GuestLayout layout;
        try {
            cg = GuestInput.resolve(c, s.host(), host, null, List.of());
            layout = cg.layout();
        } catch (InputException e) {
            return Result.refuse("iovacheck: VM " + guest + " would fail to start: " + e.problem(), "");
        }
        List<String> notes = new ArrayList<>();
        try {
            host = GuestInput.restrict(host, s.host(), c, notes);
        } catch (InputException e) {
            return Result.problem(e.getMessage(), "");
        }
        ResolvedHost rh = GuestInput.withNotes(HostSemantics.resolve(host), notes);
        Budget budget = Budget.millis(s.budgetMs());
        CheckOutcome o = CheckRunner.run(CheckQuery.of(rh, layout, false), Engines.select("default"), budget);
        String detail = TextReport.render(new CheckReport(layout, false, List.of(new HostCheck(rh, CheckQuery.of(rh, layout, false), o))));
        if (o.verdict() == Verdict.SAFE) {
            return Result.pass("VM " + guest + " is SAFE on host " + host.name(), detail);
        }
        if (o.verdict() == Verdict.UNKNOWN) {
            return Result.problem("the engines ran out of budget", detail);
        }
        if (o.verdict() == Verdict.DEGRADED) {
            // the VM starts; only peer-to-peer DMA to some BARs fails (QEMU warns): not a reason to refuse the start
            return Result.pass("VM " + guest + " starts on host " + host.name() + " but peer-to-peer DMA to some BARs fails (DEGRADED; see the"
                    + " log and iovacheck place for the fix)", detail);
        }
        String why;
        if (o.verdict() == Verdict.NO_LAYOUT) {
            Blocker b = o.blockers().get(0);
            why = "IOMMU group " + b.region().group() + " cannot be assigned: " + b.region().type().label() + " " + b.region().range() + " (" + b.reason() + ")";
        } else {
            Conflict k = o.conflicts().get(0);
            why = "guest " + k.guest().kind().label() + " " + k.guest().range() + " (" + k.guest().name() + ") overlaps " + k.reserved().type().label() + " "
                    + k.reserved().range() + " of " + k.reserved().owner() + " on host " + host.name() + " (VFIO_IOMMU_MAP_DMA fails with EINVAL)"
                    + (o.conflicts().size() > 1 ? " and " + (o.conflicts().size() - 1) + " more conflict(s)" : "");
        }
        ConfigGuest found = cg;
        return new Result(true, false, "iovacheck: VM " + guest + " would fail to start: " + why, detail, () -> fix(found, rh, budget));
    }

    /** Where no fix is found in time. */
    static final String SEE_PLACE = "; see: iovacheck place --host HOST --guest DOMAIN.xml";

    /** "; fix: ..." with the change place finds within the budget, or a pointer to place. */
    static String fix(ConfigGuest cg, ResolvedHost rh, Budget budget) {
        List<String> changes = ConfigPlace.fix(cg, rh, false, budget);
        return changes.isEmpty() ? SEE_PLACE : "; fix: " + String.join("; ", changes);
    }
}
