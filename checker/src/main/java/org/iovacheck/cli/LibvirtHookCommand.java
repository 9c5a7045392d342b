package org.iovacheck.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.iovacheck.format.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code libvirt-hook}: runs as /etc/libvirt/hooks/qemu (libvirt docs/hooks.rst). For "prepare begin" it reads the domain XML on
 * standard input and refuses the start (exit 1, one line on standard error) when the VM would fail to start or lose data; every
 * other operation passes at once with no output (migrate and restore treat empty output as "XML unchanged").
 */
final class LibvirtHookCommand implements Callable<Integer> {
    CommandLine.Model.CommandSpec spec;
    List<String> args;

    /**
     * The hook's command line, built with picocli's model API (see {@link Specs}): libvirt starts the hook for every operation
     * on every VM, so its start-up is paid often.
     */
    static CommandSpec spec() {
        LibvirtHookCommand c = new LibvirtHookCommand();
        CommandSpec s = Specs.command(c, "libvirt-hook");
        c.spec = s;
        s.usageMessage().header("Run as libvirt's qemu hook: refuse to start VMs whose layout fails on this host.")
                .description("Install as /etc/libvirt/hooks/qemu (see docs/libvirt-hook.md). libvirt calls it with the guest name, the "
                        + "operation, the sub-operation and an extra argument, and the domain XML on standard input. For 'prepare begin' "
                        + "the domain is checked against the host (the live /sys unless configured); exit 1 with one line on standard "
                        + "error refuses the start, exit 0 lets it go on. Internal problems and an exhausted budget pass with a logged "
                        + "warning unless strict. Settings: /etc/iovacheck/libvirt-hook.conf or $IOVACHECK_HOOK_CONFIG (host, log, "
                        + "budget-ms, strict) and IOVACHECK_HOOK_HOST, _LOG, _BUDGET_MS, _STRICT.", "")
                .footerHeading("%nExamples:%n")
                .footer("  virsh dumpxml vm1 | iovacheck libvirt-hook vm1 prepare begin -",
                        "  IOVACHECK_HOOK_HOST=models/hosts/amd-epyc.yaml iovacheck libvirt-hook vm1 prepare begin - < vm1.xml",
                        "", "Exit codes: 0 start may go on, 1 refused (the VM would fail or is unsafe; strict: also internal problems).");
        s.addPositional(PositionalParamSpec.builder().arity("0..*").paramLabel("ARG").type(List.class).auxiliaryTypes(String.class)
                .description("As libvirt passes them: guest name, operation, sub-operation, extra.").build());
        Specs.standardHelpOptions(s);
        return s;
    }

    /** The environment the settings come from; tests replace it. */
    static Map<String, String> environment = System.getenv();

    /** Standard input; tests replace it. */
    static InputStream stdin = System.in;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        args = Specs.value(spec.positionalParameters().get(0), new ArrayList<>());
        String xml = drain();
        String guest = args.size() > 0 ? args.get(0) : "-";
        if (args.size() < 3 || !args.get(1).equals("prepare") || !args.get(2).equals("begin")) {
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        HookSettings settings;
        try {
            settings = HookSettings.load(environment);
        } catch (InputException e) {
            err.println("iovacheck: hook settings: " + e.getMessage());
            return 0;
        }
        HookRun.Result r;
        ExecutorService ex = Executors.newSingleThreadExecutor(t -> {
            Thread th = new Thread(t, "iovacheck-hook");
            th.setDaemon(true);
            return th;
        });
        long deadline = start + settings.budgetMs() * 1_000_000L;
        try {
            Future<HookRun.Result> f = ex.submit(() -> HookRun.judge(guest, xml, settings));
            r = f.get(settings.budgetMs(), TimeUnit.MILLISECONDS);
            if (r.fixer() != null) {
                String fix;
                try {
                    fix = ex.submit(r.fixer()).get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    fix = HookRun.SEE_PLACE;
                }
                r = r.withLine(r.line() + fix);
            }
        } catch (TimeoutException e) {
            r = HookRun.Result.problem("the check did not finish within the budget of " + settings.budgetMs() + " ms", "");
        } catch (ExecutionException e) {
            r = HookRun.Result.problem("internal error: " + e.getCause(), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r = HookRun.Result.problem("interrupted", "");
        } finally {
            ex.shutdownNow();
        }
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        long sinceJvm = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        int code = r.refuse() || (r.problem() && settings.strict()) ? 1 : 0;
        String outcome = code == 1 ? "refused" : r.problem() ? "passed with a warning" : "passed";
        log(settings, guest, outcome + ": " + r.line() + "\n" + r.detail() + "hook time " + wallMs + " ms (" + sinceJvm
                + " ms since the JVM started)\n", err);
        if (code == 1) {
            err.println(r.line());
        }
        err.flush();
        return code;
    }

    private static String drain() {
        try {
            return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void log(HookSettings s, String guest, String text, PrintWriter err) {
        if (s.log() == null) {
            return;
        }
        String entry = Instant.now() + " iovacheck libvirt-hook " + guest + " prepare begin: " + text + "\n";
        try {
            Files.writeString(s.log(), entry, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            err.println("iovacheck: cannot append to the hook log " + s.log() + ": " + e.getMessage());
        }
    }
}
